using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Net;

/// <summary>The connection was closed at once by <see cref="ITransport.AbortConnection"/> (sent RST).</summary>
public class ConnectionAbortedError : ConnectionLostException
{
    /// <summary>Creates the reason with a default message.</summary>
    public ConnectionAbortedError() : base("Connection was aborted locally.") { }

    /// <summary>Creates the reason with <paramref name="message"/>.</summary>
    public ConnectionAbortedError(string message) : base(message) { }
}
