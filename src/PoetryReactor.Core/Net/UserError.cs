using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Net;

/// <summary>The connect was stopped by <see cref="IConnector.StopConnecting"/>.</summary>
public class UserError : ConnectError
{
    /// <summary>Creates the error with Twisted's message.</summary>
    public UserError() : base("User aborted connection.") { }
}
