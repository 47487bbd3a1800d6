using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Net;

/// <summary>The connection was not made within the connect timeout (Twisted's "User timeout caused connection failure").</summary>
public class TimeoutError : ConnectError
{
    /// <summary>Creates the error.</summary>
    public TimeoutError(string message, Exception? inner = null)
        : base(message, System.Net.Sockets.SocketError.TimedOut, inner) { }
}
