using System.Net;

namespace PoetryReactor.Core.Net;

/// <summary>
/// The code that speaks over one connection (Twisted's <c>Protocol</c>): override the event
/// methods. Every method is called on the reactor thread. A protocol serves one connection.
/// </summary>
public class Protocol
{
    /// <summary>The factory that built this protocol, if any.</summary>
    public Factory? Factory { get; set; }

    /// <summary>The transport, from <see cref="MakeConnection"/> on.</summary>
    public ITransport? Transport { get; private set; }

    /// <summary>True from <see cref="MakeConnection"/> until <see cref="ConnectionLost"/> is called.</summary>
    public bool Connected { get; private set; }

    /// <summary>Attaches the transport and calls <see cref="ConnectionMade"/>. Called by the transport.</summary>
    public void MakeConnection(ITransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        Transport = transport;
        Connected = true;
        ConnectionMade();
    }

    /// <summary>The connection is up; <see cref="Transport"/> is set.</summary>
    public virtual void ConnectionMade() { }

    /// <summary>
    /// Bytes arrived. <paramref name="data"/> lives in the reactor's shared receive buffer and is valid
    /// only during this call: copy what you keep. An exception thrown here closes the connection
    /// with that exception as the reason.
    /// </summary>
    public virtual void DataReceived(ReadOnlySpan<byte> data) { }

    /// <summary>
    /// The connection is closed: <paramref name="reason"/> is a <see cref="ConnectionDoneException"/>
    /// for a clean close, a <see cref="ConnectionLostException"/> (reset, abort, reactor shutdown),
    /// or what a callback threw. Called once.
    /// </summary>
    public virtual void ConnectionLost(Exception reason) { }

    /// <summary>Marks the protocol disconnected, then calls <see cref="ConnectionLost"/>.</summary>
    internal void NotifyConnectionLost(Exception reason)
    {
        Connected = false;
        ConnectionLost(reason);
    }
}

/// <summary>
/// Builds protocols for connections (Twisted's <c>Factory</c>). <see cref="StartFactory"/> runs when
/// the first port or connector starts using it and <see cref="StopFactory"/> when the last one stops
/// (counted by <see cref="DoStart"/>/<see cref="DoStop"/>, Twisted's <c>numPorts</c>).
/// </summary>
public class Factory
{
    private readonly Func<Protocol>? _protocol;

    /// <summary>Creates a factory whose <see cref="BuildProtocol"/> calls <paramref name="protocol"/>.</summary>
    public Factory(Func<Protocol>? protocol = null) => _protocol = protocol;

    /// <summary>How many ports or connectors use this factory now.</summary>
    public int NumPorts { get; private set; }

    /// <summary>
    /// Makes the protocol for a connection with <paramref name="address"/> (the peer), sets its
    /// <see cref="Protocol.Factory"/>, and returns it; null refuses the connection (it is closed).
    /// The default calls the delegate given to the constructor.
    /// </summary>
    /// <exception cref="InvalidOperationException">No delegate was given and the method is not overridden.</exception>
    public virtual Protocol? BuildProtocol(EndPoint address)
    {
        if (_protocol is null)
            throw new InvalidOperationException($"{GetType().Name} has no protocol to build: pass one to the constructor or override BuildProtocol.");
        var protocol = _protocol();
        protocol.Factory = this;
        return protocol;
    }

    /// <summary>Called before the first port or connector uses the factory.</summary>
    public virtual void StartFactory() { }

    /// <summary>Called after the last port or connector stopped using the factory.</summary>
    public virtual void StopFactory() { }

    /// <summary>Counts one more user; the first calls <see cref="StartFactory"/>.</summary>
    public void DoStart()
    {
        if (NumPorts == 0) StartFactory();
        NumPorts++;
    }

    /// <summary>Counts one user less; the last calls <see cref="StopFactory"/>. Extra calls do nothing.</summary>
    public void DoStop()
    {
        if (NumPorts == 0) return;
        NumPorts--;
        if (NumPorts == 0) StopFactory();
    }
}

/// <summary>A factory for listening ports (Twisted's <c>ServerFactory</c>).</summary>
public class ServerFactory : Factory
{
    /// <summary>Creates a factory that builds protocols with <paramref name="protocol"/>.</summary>
    public ServerFactory(Func<Protocol>? protocol = null) : base(protocol) { }
}

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
