using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Net;

/// <summary>No route to the host or network.</summary>
public class NoRouteError : ConnectError
{
    /// <summary>Creates the error.</summary>
    public NoRouteError(string message, SocketError error, Exception? inner = null) : base(message, error, inner) { }
}
