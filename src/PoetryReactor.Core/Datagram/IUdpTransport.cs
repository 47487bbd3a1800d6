using System.Net;
using PoetryReactor.Core.Defer;

namespace PoetryReactor.Core.Datagram;

/// <summary>
/// A UDP port as its protocol sees it (Twisted's <c>IUDPTransport</c> and <c>IListeningPort</c>).
/// Every member except <see cref="Stats"/>, <see cref="Host"/>, <see cref="Port"/> and
/// <see cref="IsListening"/> is called on the reactor thread. Writes never block: a datagram the socket
/// cannot take at once waits in a bounded queue, and past it is dropped and counted.
/// </summary>
public interface IUdpTransport
{
    /// <summary>The bound address, as text (e.g. <c>127.0.0.1</c>).</summary>
    string Host { get; }

    /// <summary>The bound port: the real one when port 0 was asked for.</summary>
    int Port { get; }

    /// <summary>True until <see cref="StopListening"/> (or reactor shutdown) closed the socket.</summary>
    bool IsListening { get; }

    /// <summary>The port's counters; readable from any thread.</summary>
    UdpPortStats Stats { get; }

    /// <summary>The largest datagram this port sends: 65,507 bytes over IPv4, 65,527 over IPv6.</summary>
    int MaxDatagramSize { get; }

    /// <summary>The bound endpoint.</summary>
    IPEndPoint GetHost();

    /// <summary>The peer of a connected port (<see cref="Connect"/>), or null.</summary>
    IPEndPoint? GetPeer();

    /// <summary>
    /// Sends one datagram to <paramref name="to"/> (an empty one too). A connected port sends to its peer:
    /// <paramref name="to"/> is then null or the peer. Ignored once the port is closed. What the kernel
    /// refuses (no route, not permitted...) is counted in <see cref="UdpPortStats.SendErrors"/> and
    /// reported to the reactor's log, not thrown: a datagram may be lost anyway.
    /// </summary>
    /// <exception cref="MessageLengthError">Longer than <see cref="MaxDatagramSize"/>.</exception>
    /// <exception cref="ArgumentException">An address of the other family, or not the connected peer.</exception>
    /// <exception cref="InvalidOperationException">No address, and the port is not connected.</exception>
    void Write(ReadOnlySpan<byte> data, IPEndPoint? to);

    /// <summary>As <see cref="Write(ReadOnlySpan{byte}, IPEndPoint?)"/>, for callers without spans (e.g. PowerShell).</summary>
    void Write(byte[] data, IPEndPoint? to = null);

    /// <summary>
    /// Connects the port to one peer (Twisted's <c>connect</c>): from then on it sends there by default,
    /// receives only from there, and hears an ICMP "port unreachable" as
    /// <see cref="DatagramProtocol.ConnectionRefused"/>. Once only.
    /// </summary>
    /// <param name="host">An IP literal (or <c>localhost</c>); names are not resolved here, as in Twisted.</param>
    /// <param name="port">1..65535.</param>
    /// <exception cref="ArgumentException">Not an IP literal, or the other family.</exception>
    /// <exception cref="InvalidOperationException">Already connected, or closed.</exception>
    void Connect(string host, int port);

    /// <summary>
    /// Permits sending to broadcast addresses (SO_BROADCAST; off by default, as in Twisted).
    /// </summary>
    bool BroadcastAllowed { get; set; }

    /// <summary>The kernel's receive buffer (SO_RCVBUF) in bytes, as the kernel reports it (Linux doubles what is set).</summary>
    int ReceiveBufferSize { get; set; }

    /// <summary>
    /// Closes the socket now (the port is free when this returns; datagrams still queued for sending
    /// are dropped and counted). The returned Deferred fires with null on a later reactor pass, after
    /// <see cref="DatagramProtocol.StopProtocol"/>. Calling it again returns an already fired Deferred.
    /// </summary>
    Deferred StopListening();
}
