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
