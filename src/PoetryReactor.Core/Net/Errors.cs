using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Net;

/// <summary>Raised by <see cref="TcpExtensions.ListenTcp"/> when the address cannot be bound or listened on.</summary>
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

/// <summary>
/// Why an outgoing connection was not made; given to <see cref="ClientFactory.ClientConnectionFailed"/>.
/// Subclasses name the usual causes.
/// </summary>
public class ConnectError : Exception
{
    /// <summary>Creates the error.</summary>
    public ConnectError(string message, SocketError? socketError = null, Exception? inner = null)
        : base(message, inner) => SocketError = socketError;

    /// <summary>The socket error behind it, if there was one.</summary>
    public SocketError? SocketError { get; }

    /// <summary>The error for a connect to <paramref name="destination"/> that ended with <paramref name="error"/>.</summary>
    public static ConnectError FromSocketError(SocketError error, EndPoint destination)
    {
        var inner = new SocketException((int)error);
        return error switch
        {
            System.Net.Sockets.SocketError.ConnectionRefused =>
                new ConnectionRefusedError($"Connection was refused by {destination}.", inner),
            System.Net.Sockets.SocketError.TimedOut =>
                new TimeoutError($"Connecting to {destination} timed out.", inner),
            System.Net.Sockets.SocketError.HostUnreachable or System.Net.Sockets.SocketError.NetworkUnreachable
                or System.Net.Sockets.SocketError.HostDown or System.Net.Sockets.SocketError.NetworkDown =>
                new NoRouteError($"No route to {destination}.", error, inner),
            _ => new ConnectError($"Connecting to {destination} failed: {error}.", error, inner),
        };
    }
}

/// <summary>The peer refused the connection (nothing listens there).</summary>
public class ConnectionRefusedError : ConnectError
{
    /// <summary>Creates the error.</summary>
    public ConnectionRefusedError(string message, Exception? inner = null)
        : base(message, System.Net.Sockets.SocketError.ConnectionRefused, inner) { }
}

/// <summary>The connection was not made within the connect timeout (Twisted's "User timeout caused connection failure").</summary>
public class TimeoutError : ConnectError
{
    /// <summary>Creates the error.</summary>
    public TimeoutError(string message, Exception? inner = null)
        : base(message, System.Net.Sockets.SocketError.TimedOut, inner) { }
}

/// <summary>The host name did not resolve to any IP address.</summary>
public class DnsLookupError : ConnectError
{
    /// <summary>Creates the error for <paramref name="host"/>.</summary>
    public DnsLookupError(string host, string message, Exception? inner = null)
        : base(message, (inner as SocketException)?.SocketErrorCode, inner) => Host = host;

    /// <summary>The name that did not resolve.</summary>
    public string Host { get; }
}

/// <summary>No route to the host or network.</summary>
public class NoRouteError : ConnectError
{
    /// <summary>Creates the error.</summary>
    public NoRouteError(string message, SocketError error, Exception? inner = null) : base(message, error, inner) { }
}

/// <summary>The connect was stopped by <see cref="IConnector.StopConnecting"/>.</summary>
public class UserError : ConnectError
{
    /// <summary>Creates the error with Twisted's message.</summary>
    public UserError() : base("User aborted connection.") { }
}

/// <summary>Raised by <see cref="IConnector.StopConnecting"/> when the connector is not connecting.</summary>
public class NotConnectingError : InvalidOperationException
{
    /// <summary>Creates the error.</summary>
    public NotConnectingError() : base("The connector is not connecting.") { }
}

/// <summary>The connection was closed at once by <see cref="ITransport.AbortConnection"/> (sent RST).</summary>
public class ConnectionAbortedError : ConnectionLostException
{
    /// <summary>Creates the reason with a default message.</summary>
    public ConnectionAbortedError() : base("Connection was aborted locally.") { }

    /// <summary>Creates the reason with <paramref name="message"/>.</summary>
    public ConnectionAbortedError(string message) : base(message) { }
}

/// <summary>
/// The connection was aborted because a plain <see cref="ITransport.Write(ReadOnlySpan{byte})"/> would have
/// buffered more than <see cref="TcpConnection.MaxBufferSize"/> bytes for a peer that does not read.
/// </summary>
public class WriteBufferOverflowError : ConnectionAbortedError
{
    /// <summary>Creates the reason for a buffer that would have reached <paramref name="wouldBe"/> bytes.</summary>
    public WriteBufferOverflowError(long wouldBe, int limit)
        : base($"The write buffer would hold {wouldBe} bytes, over the limit of {limit}; the peer is not reading.") { }
}
