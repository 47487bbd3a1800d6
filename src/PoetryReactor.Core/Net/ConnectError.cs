using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Net;

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
