using System.Net.Sockets;

namespace PoetryReactor.Core;

/// <summary>
/// An object the reactor can watch: it wraps one OS handle (Twisted's <c>IFileDescriptor</c>).
/// All members are called on the reactor thread.
/// </summary>
public interface IFileDescriptor
{
    /// <summary>The OS handle (a file descriptor on Unix). Must stay the same while registered.</summary>
    nint Fileno { get; }

    /// <summary>The socket behind <see cref="Fileno"/>, if there is one; the Select backend uses it.</summary>
    Socket? Socket { get; }

    /// <summary>
    /// Called once when the reactor has stopped watching this descriptor because the connection
    /// ended: <paramref name="reason"/> is a <see cref="ConnectionDoneException"/>,
    /// a <see cref="ConnectionLostException"/> (e.g. <see cref="ReactorShutdownException"/>)
    /// or the exception a callback threw.
    /// </summary>
    void ConnectionLost(Exception reason);

    /// <summary>A short name used when reporting this descriptor's errors.</summary>
    string LogPrefix { get; }
}

/// <summary>A descriptor that wants to know when it can be read.</summary>
public interface IReadDescriptor : IFileDescriptor
{
    /// <summary>
    /// Called when data is available (or end of stream / an error is pending).
    /// Returns null to keep going, or the reason the connection is over: the reactor then
    /// removes the descriptor (reader and writer) and calls <see cref="IFileDescriptor.ConnectionLost"/>.
    /// </summary>
    Exception? DoRead();
}

/// <summary>A descriptor that wants to know when it can be written.</summary>
public interface IWriteDescriptor : IFileDescriptor
{
    /// <summary>
    /// Called when the descriptor can be written. Returns null to keep going, or the reason the
    /// connection is over (handled as for <see cref="IReadDescriptor.DoRead"/>).
    /// </summary>
    Exception? DoWrite();
}

/// <summary>
/// A descriptor whose <see cref="IFileDescriptor.ConnectionLost"/> always closes its handle at once, so
/// the reactor can drop it without an epoll_ctl (the kernel forgets a closed handle itself).
/// </summary>
internal interface IClosesHandleWhenLost : IFileDescriptor
{
}
