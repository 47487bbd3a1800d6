using System.Net;
using PoetryReactor.Core.Defer;

namespace PoetryReactor.Core.Net;

/// <summary>An outgoing TCP connection and its attempts (Twisted's <c>IConnector</c>). Reactor thread only.</summary>
public interface IConnector
{
    /// <summary>Where it stands now.</summary>
    ConnectorState State { get; }

    /// <summary>The transport while connected, else null.</summary>
    ITransport? Transport { get; }

    /// <summary>Starts connecting (again, e.g. from <see cref="ClientFactory.ClientConnectionLost"/>).</summary>
    /// <exception cref="InvalidOperationException">Not <see cref="ConnectorState.Disconnected"/>.</exception>
    void Connect();

    /// <summary>
    /// Gives up a connect in progress: the factory hears <see cref="ClientFactory.ClientConnectionFailed"/>
    /// with a <see cref="UserError"/>.
    /// </summary>
    /// <exception cref="NotConnectingError">Not <see cref="ConnectorState.Connecting"/>.</exception>
    void StopConnecting();

    /// <summary>Stops connecting, or loses the connection cleanly if connected; no-op when disconnected.</summary>
    void Disconnect();

    /// <summary>The address it connects to: an <see cref="IPEndPoint"/> for an IP literal, else a <see cref="DnsEndPoint"/>.</summary>
    EndPoint GetDestination();
}
