using System.Net.Sockets;

namespace PoetryReactor.Core.Poetry;

/// <summary>
/// A failure of a poetry task, server or poem file; <see cref="Kind"/> says which, for code to test
/// (the module maps each kind to a stable PowerShell ErrorId).
/// </summary>
public class PoetryException : Exception
{
    /// <summary>Creates an exception of the given kind.</summary>
    /// <param name="kind">What went wrong.</param>
    /// <param name="message">A sentence for people.</param>
    /// <param name="target">The address or file involved, if any.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public PoetryException(PoetryErrorKind kind, string message, string? target = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Target = target;
    }

    /// <summary>What went wrong.</summary>
    public PoetryErrorKind Kind { get; }

    /// <summary>The address or file the error is about, if any.</summary>
    public string? Target { get; }


    /// <summary>Maps a socket error code to a kind.</summary>
    public static PoetryErrorKind KindOf(SocketError error) => error switch
    {
        System.Net.Sockets.SocketError.ConnectionRefused => PoetryErrorKind.ConnectionRefused,
        System.Net.Sockets.SocketError.TimedOut => PoetryErrorKind.Timeout,
        System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData
            or System.Net.Sockets.SocketError.TryAgain => PoetryErrorKind.HostNotFound,
        System.Net.Sockets.SocketError.HostUnreachable or System.Net.Sockets.SocketError.NetworkUnreachable
            or System.Net.Sockets.SocketError.NetworkDown or System.Net.Sockets.SocketError.HostDown
            => PoetryErrorKind.HostUnreachable,
        System.Net.Sockets.SocketError.ConnectionReset or System.Net.Sockets.SocketError.ConnectionAborted
            or System.Net.Sockets.SocketError.NetworkReset or System.Net.Sockets.SocketError.Shutdown
            or System.Net.Sockets.SocketError.NotConnected or System.Net.Sockets.SocketError.Disconnecting
            => PoetryErrorKind.ConnectionLost,
        System.Net.Sockets.SocketError.AddressAlreadyInUse => PoetryErrorKind.AddressInUse,
        _ => PoetryErrorKind.SocketError,
    };

    /// <summary>Wraps a socket error about <paramref name="target"/> in the matching kind.</summary>
    public static PoetryException FromSocketError(SocketError error, string target, Exception? inner = null)
    {
        PoetryErrorKind kind = KindOf(error);
        string what = kind switch
        {
            PoetryErrorKind.ConnectionRefused => "connection refused",
            PoetryErrorKind.Timeout => "timed out",
            PoetryErrorKind.HostNotFound => "host not found",
            PoetryErrorKind.HostUnreachable => "host unreachable",
            PoetryErrorKind.ConnectionLost => "connection lost before the server finished",
            PoetryErrorKind.AddressInUse => "address already in use",
            _ => "socket error",
        };
        return new PoetryException(kind, $"{target}: {what} ({error}).", target, inner);
    }

    /// <summary>A task that made no progress for <paramref name="timeout"/>.</summary>
    public static PoetryException TimedOut(string target, TimeSpan timeout, string phase) =>
        new(PoetryErrorKind.Timeout, $"{target}: no {phase} within {timeout.TotalSeconds:0.###} s.", target);

    /// <summary>A poem longer than <paramref name="maxBytes"/>.</summary>
    public static PoetryException TooLarge(string target, long maxBytes) =>
        new(PoetryErrorKind.TooLarge, $"{target}: the poem is longer than the limit of {maxBytes} bytes.", target);
}
