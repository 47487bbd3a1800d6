using System.Net;
using System.Net.Sockets;
using System.Text;
using PoetryReactor.Core.Datagram;
using static PoetryReactor.Core.Tests.Datagram.UdpTestKit;
using static PoetryReactor.Core.Tests.Net.NetTestKit;

namespace PoetryReactor.Core.Tests.Datagram;

/// <summary>Connected UDP: one peer, and an ICMP "port unreachable" heard as ConnectionRefused.</summary>
public sealed class UdpConnectedTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    /// <summary>A loopback port nothing listens on: bound, read, then closed.</summary>
    private static int ClosedPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(Loopback(0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    [Theory, MemberData(nameof(Backends))]
    public void Writing_to_a_closed_port_is_heard_as_ConnectionRefused_and_the_port_stays_open(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var protocol = new RecordingDatagramProtocol();
        int closed = ClosedPort();
        var port = r.OnReactor(() => r.Reactor.ConnectUdp("127.0.0.1", closed, protocol));

        r.OnReactor(() => port.Write("anyone there?"u8, null));

        Await(protocol.Refused.Task, "ConnectionRefused");
        Assert.Equal(1, port.Stats.ConnectionRefusals);
        Assert.True(port.IsListening);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, closed), port.GetPeer());

        // A peer that starts listening there later is reached by the same port.
        using var late = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        late.ReceiveTimeout = (int)ReactorTestKit.Patience.TotalMilliseconds;
        late.Bind(Loopback(closed));
        r.OnReactor(() => port.Write("now?"u8, null));
        Assert.Equal("now?", Encoding.ASCII.GetString(ReceiveOne(late, out var from)));
        Assert.Equal(port.Port, from.Port);
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_connected_port_talks_to_its_peer_and_hears_no_one_else(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        using var peer = Client();
        using var stranger = Client();
        var protocol = new RecordingDatagramProtocol();
        var port = r.OnReactor(() => r.Reactor.ConnectUdp("localhost", ((IPEndPoint)peer.LocalEndPoint!).Port, protocol));

        r.OnReactor(() => port.Write("hello peer"u8, null));
        Assert.Equal("hello peer", Encoding.ASCII.GetString(ReceiveOne(peer, out var from)));
        var local = new IPEndPoint(IPAddress.Loopback, from.Port);
        stranger.SendTo("not for you"u8.ToArray(), local);
        peer.SendTo("reply"u8.ToArray(), local);

        // The kernel drops the stranger's datagram; the peer's, sent after it, is the first heard.
        Await(protocol.WhenReceived(1), "the peer's reply");
        var (data, sender) = protocol.Datagrams[0];
        Assert.Equal("reply", Encoding.ASCII.GetString(data));
        Assert.Equal(peer.LocalEndPoint, sender);
        Assert.Equal(port.GetPeer(), peer.LocalEndPoint);
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_connected_port_writes_only_to_its_peer(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        using var peer = Client();
        var port = r.OnReactor(() => r.Reactor.ConnectUdp("127.0.0.1", ((IPEndPoint)peer.LocalEndPoint!).Port, new DatagramProtocol()));

        var elsewhere = r.OnReactor(() => Record.Exception(() => port.Write("x"u8.ToArray(), Loopback(9))));
        var again = r.OnReactor(() => Record.Exception(() => port.Connect("127.0.0.1", 9)));
        r.OnReactor(() => port.Write("to the peer by name"u8.ToArray(), (IPEndPoint)peer.LocalEndPoint!));

        Assert.IsType<ArgumentException>(elsewhere);
        Assert.IsType<InvalidOperationException>(again);
        Assert.Equal("to the peer by name", Encoding.ASCII.GetString(ReceiveOne(peer, out _)));
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_listening_port_can_connect_later_as_in_Twisted(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var protocol = new RecordingDatagramProtocol();
        int closed = ClosedPort();
        var port = r.OnReactor(() => r.Reactor.ListenUdp(0, protocol));

        r.OnReactor(() =>
        {
            port.Connect("127.0.0.1", closed);
            port.Write("x"u8, null);
        });

        Await(protocol.Refused.Task, "ConnectionRefused");
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, closed), port.GetPeer());
    }

    [Fact]
    public void Names_are_not_resolved_on_the_reactor_thread()
    {
        using var r = Start(ReactorBackendKind.Select);

        var error = r.OnReactor(() => Record.Exception(() => r.Reactor.ConnectUdp("example.org", 53, new DatagramProtocol())));

        Assert.Contains("not an IP address", Assert.IsType<ArgumentException>(error).Message);
    }
}
