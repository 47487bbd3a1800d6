using System.Net;

namespace PoetryReactor.Core.Net;

/// <summary>
/// A factory for outgoing connections (Twisted's <c>ClientFactory</c>): it also hears how each
/// connect went. Every method is called on the reactor thread.
/// </summary>
public class ClientFactory : Factory
{
    /// <summary>Creates a factory that builds protocols with <paramref name="protocol"/>.</summary>
    public ClientFactory(Func<Protocol>? protocol = null) : base(protocol) { }

    /// <summary>A connect has started (before name resolution).</summary>
    public virtual void StartedConnecting(IConnector connector) { }

    /// <summary>
    /// The connect failed: <paramref name="reason"/> is a <see cref="ConnectError"/>
    /// (<see cref="ConnectionRefusedError"/>, <see cref="TimeoutError"/>, <see cref="DnsLookupError"/>,
    /// <see cref="UserError"/>, ...) or a <see cref="ConnectionLostException"/> at reactor shutdown.
    /// </summary>
    public virtual void ClientConnectionFailed(IConnector connector, Exception reason) { }

    /// <summary>An established connection ended, for <paramref name="reason"/> (as for <see cref="Protocol.ConnectionLost"/>).</summary>
    public virtual void ClientConnectionLost(IConnector connector, Exception reason) { }
}
