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
