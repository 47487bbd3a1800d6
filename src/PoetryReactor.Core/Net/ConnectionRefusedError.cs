using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Net;

/// <summary>The peer refused the connection (nothing listens there).</summary>
public class ConnectionRefusedError : ConnectError
{
    /// <summary>Creates the error.</summary>
    public ConnectionRefusedError(string message, Exception? inner = null)
        : base(message, System.Net.Sockets.SocketError.ConnectionRefused, inner) { }
}
