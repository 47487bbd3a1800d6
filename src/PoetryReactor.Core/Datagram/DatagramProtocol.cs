using System.Net;

namespace PoetryReactor.Core.Datagram;

/// <summary>
/// The code that speaks over one UDP port (Twisted's <c>DatagramProtocol</c>): override the event
/// methods. Every method is called on the reactor thread. A protocol serves one port at a time.
/// </summary>
public class DatagramProtocol
{
    /// <summary>The port this protocol is attached to, from <see cref="MakeConnection"/> on.</summary>
    public IUdpTransport? Transport { get; private set; }

    /// <summary>
    /// Attaches the port and calls <see cref="StartProtocol"/>. Called by the port.
    /// </summary>
    /// <exception cref="InvalidOperationException">The protocol already serves a port that is still open.</exception>
    public void MakeConnection(IUdpTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        if (Transport is { IsListening: true } && !ReferenceEquals(Transport, transport))
            throw new InvalidOperationException("This protocol already serves an open port; a protocol serves one port at a time.");
        Transport = transport;
        StartProtocol();
    }

    /// <summary>The port is bound and reading; <see cref="Transport"/> is set.</summary>
    public virtual void StartProtocol() { }

    /// <summary>The port has closed (stopped, or the reactor shut down). Called once per port.</summary>
    public virtual void StopProtocol() { }

    /// <summary>
    /// A datagram arrived from <paramref name="from"/>; it may be empty. <paramref name="data"/> lives in
    /// the reactor's shared receive buffer and is valid only during this call: copy what you keep.
    /// <paramref name="from"/> may be shared between calls (it is never changed). An exception thrown
    /// here is counted (<see cref="UdpPortStats.CallbackErrors"/>) and reported, and the port goes on.
    /// </summary>
    public virtual void DatagramReceived(ReadOnlySpan<byte> data, IPEndPoint from) { }

    /// <summary>
    /// A connected port's peer answered with ICMP "port unreachable" (nothing listens there): Twisted's
    /// <c>connectionRefused</c>. The port stays open; later writes may reach a peer that has started since.
    /// </summary>
    public virtual void ConnectionRefused() { }

    internal void NotifyStopped() => StopProtocol();
}
