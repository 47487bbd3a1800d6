using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Datagram;

/// <summary>UDP on the reactor: Twisted's <c>listenUDP</c> and <c>listenMulticast</c>, and connected UDP, as extension methods.</summary>
public static class UdpExtensions
{
    /// <summary>
    /// Binds a UDP port on <paramref name="interface"/>:<paramref name="port"/> (port 0: any free one, see
    /// <see cref="IUdpTransport.Port"/>) and hands every datagram to <paramref name="protocol"/>, whose
    /// <see cref="DatagramProtocol.StartProtocol"/> runs before this returns. Reactor thread (or before Run).
    /// </summary>
    /// <param name="reactor">The reactor that runs the port.</param>
    /// <param name="port">0..65535.</param>
    /// <param name="protocol">Hears the datagrams; serves this port alone.</param>
    /// <param name="interface">An IP literal (IPv4 or IPv6); "" means every IPv4 interface. Loopback by default.</param>
    /// <param name="listenMultiple">Let other sockets bind the same port (SO_REUSEADDR, and SO_REUSEPORT on Linux).</param>
    /// <exception cref="CannotListenError">The address is in use or cannot be bound.</exception>
    /// <exception cref="ArgumentException"><paramref name="interface"/> is not an IP address.</exception>
    public static IUdpTransport ListenUdp(this Reactor reactor, int port, DatagramProtocol protocol,
        string @interface = "127.0.0.1", bool listenMultiple = false)
    {
        var (address, asked) = CheckListen(reactor, port, protocol, @interface);
        return UdpPort.Open(reactor, new IPEndPoint(address, port), protocol, asked, listenMultiple);
    }

    /// <summary>
    /// As <see cref="ListenUdp"/>, for a port that joins multicast groups
    /// (<see cref="IMulticastTransport.JoinGroup"/>). A group's datagrams reach a socket bound to the
    /// group's address or to every interface: <paramref name="interface"/> is one of those, not a unicast
    /// address. Several listeners on one host share a port with <paramref name="listenMultiple"/>, each
    /// hearing every datagram of the groups it joined, and only of those (on Linux too, where a socket
    /// would otherwise hear every group any socket of the host joined).
    /// </summary>
    /// <param name="reactor">The reactor that runs the port.</param>
    /// <param name="port">0..65535.</param>
    /// <param name="protocol">Hears the datagrams; serves this port alone.</param>
    /// <param name="interface">"" (every IPv4 interface, as Twisted), "::", or a group's address.</param>
    /// <param name="listenMultiple">Let other sockets bind the same port.</param>
    /// <exception cref="CannotListenError">The address is in use or cannot be bound.</exception>
    /// <exception cref="ArgumentException"><paramref name="interface"/> is not an IP address.</exception>
    public static IMulticastTransport ListenMulticast(this Reactor reactor, int port, DatagramProtocol protocol,
        string @interface = "", bool listenMultiple = false)
    {
        var (address, asked) = CheckListen(reactor, port, protocol, @interface);
        return UdpPort.Open(reactor, new IPEndPoint(address, port), protocol, asked, listenMultiple, multicast: true);
    }

    /// <summary>
    /// A UDP port connected to one peer (connected UDP: Twisted's <c>transport.connect</c> on a fresh
    /// port): it writes there by default, hears only from there, and an ICMP "port unreachable" reaches
    /// <see cref="DatagramProtocol.ConnectionRefused"/>. No handshake: the port is ready when this returns.
    /// Reactor thread (or before Run).
    /// </summary>
    /// <param name="reactor">The reactor that runs the port.</param>
    /// <param name="host">An IP literal or <c>localhost</c>. Names are not resolved here (as in Twisted):
    /// resolve them first, e.g. with <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>.</param>
    /// <param name="port">1..65535.</param>
    /// <param name="protocol">Hears the datagrams; serves this port alone.</param>
    /// <param name="interface">The local address to bind, or null to let the kernel choose (as connect does).</param>
    /// <param name="localPort">The local port, 0 for any.</param>
    /// <exception cref="ArgumentException">Not an IP literal, or no route to it.</exception>
    /// <exception cref="CannotListenError">The local address cannot be bound.</exception>
    public static IUdpTransport ConnectUdp(this Reactor reactor, string host, int port, DatagramProtocol protocol,
        string? @interface = null, int localPort = 0)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        ArgumentOutOfRangeException.ThrowIfLessThan(localPort, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPort, IPEndPoint.MaxPort);
        var peer = new IPEndPoint(ParseHost(host, null, nameof(host)), port);
        IPEndPoint? bind = null;
        string asked = "";
        if (@interface is not null || localPort != 0)
        {
            var local = string.IsNullOrEmpty(@interface)
                ? (peer.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any)
                : ParseHost(@interface, peer.AddressFamily, nameof(@interface));
            bind = new IPEndPoint(local, localPort);
            asked = local.ToString();
        }
        return UdpPort.Open(reactor, bind, protocol, asked, listenMultiple: false, connectTo: peer);
    }

    /// <summary>An IP literal (brackets allowed) or localhost, of <paramref name="family"/> when given.</summary>
    internal static IPAddress ParseHost(string host, AddressFamily? family, string parameter)
    {
        var s = host.Trim();
        IPAddress? address = null;
        if (s.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            address = family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        else if (BindAddress.TryParse(s, out var parsed) && s != "*") address = parsed;
        if (address is null)
            throw new ArgumentException($"'{host}' is not an IP address; UDP takes addresses, not names (resolve the name first).", parameter);
        if (family is { } f && address.AddressFamily != f)
            throw new ArgumentException($"{address} is not an {(f == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address, as the port is.", parameter);
        return address;
    }

    private static (IPAddress Address, string Asked) CheckListen(Reactor reactor, int port, DatagramProtocol protocol, string @interface)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(@interface);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        if (@interface.Length == 0) return (IPAddress.Any, "0.0.0.0");
        var s = @interface.StartsWith('[') && @interface.EndsWith(']') ? @interface[1..^1] : @interface;
        if (!IPAddress.TryParse(s, out var address))
            throw new ArgumentException($"'{@interface}' is not an IP address.", nameof(@interface));
        return (address, s);
    }
}
