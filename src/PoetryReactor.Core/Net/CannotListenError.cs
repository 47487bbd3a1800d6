using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Net;

/// <summary>Raised by <see cref="TcpExtensions.ListenTcp"/> and the UDP listens (<c>ListenUdp</c>, <c>ListenMulticast</c>) when the address cannot be bound or listened on.</summary>
public class CannotListenError : Exception
{
    /// <summary>Creates the error for <paramref name="interface"/>:<paramref name="port"/>.</summary>
    public CannotListenError(string @interface, int port, SocketException inner)
        : base($"Couldn't listen on {Format(@interface, port)}: {inner.Message} ({inner.SocketErrorCode}).", inner)
    {
        Interface = @interface;
        Port = port;
        SocketError = inner.SocketErrorCode;
    }

    /// <summary>The interface asked for.</summary>
    public string Interface { get; }

    /// <summary>The port asked for.</summary>
    public int Port { get; }

    /// <summary>Why, e.g. <see cref="System.Net.Sockets.SocketError.AddressAlreadyInUse"/>.</summary>
    public SocketError SocketError { get; }

    private static string Format(string @interface, int port) =>
        @interface.Contains(':') ? $"[{@interface}]:{port}" : $"{@interface}:{port}";
}
