using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Net;

/// <summary>Raised by <see cref="IConnector.StopConnecting"/> when the connector is not connecting.</summary>
public class NotConnectingError : InvalidOperationException
{
    /// <summary>Creates the error.</summary>
    public NotConnectingError() : base("The connector is not connecting.") { }
}
