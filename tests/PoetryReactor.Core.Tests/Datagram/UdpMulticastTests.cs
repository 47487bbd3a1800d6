using System.Net;
using System.Net.Sockets;
using System.Text;
using PoetryReactor.Core.Datagram;
using static PoetryReactor.Core.Tests.Datagram.UdpTestKit;
using static PoetryReactor.Core.Tests.Net.NetTestKit;

namespace PoetryReactor.Core.Tests.Datagram;

/// <summary>
/// Multicast on the loopback interface: two ports share a port number and a group, a third sends.
/// The listeners bind the group's address, not every interface, so nothing is open to the network,
/// and the sender's datagrams leave by 127.0.0.1 with a time to live of 0: they stay on this host.
/// </summary>
public sealed class UdpMulticastTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    private static string Group(ReactorBackendKind backend) => backend == ReactorBackendKind.Epoll ? "239.29.1.1" : "239.29.1.2";

    [Theory, MemberData(nameof(Backends))]
    public void Two_ports_in_a_group_each_hear_what_a_third_sends_until_they_leave(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        string group = Group(backend);
        var one = new RecordingDatagramProtocol();
        var two = new RecordingDatagramProtocol();
        var (a, b, sender) = r.OnReactor(() =>
        {
            var a = r.Reactor.ListenMulticast(0, one, group, listenMultiple: true);
            var b = r.Reactor.ListenMulticast(a.Port, two, group, listenMultiple: true);
            a.JoinGroup(group, "127.0.0.1");
            b.JoinGroup(group, "127.0.0.1");
            var sender = r.Reactor.ListenMulticast(0, new DatagramProtocol(), "127.0.0.1");
            sender.OutgoingInterface = "127.0.0.1";
            sender.MulticastTtl = 0;
            return (a, b, sender);
        });
        var to = new IPEndPoint(IPAddress.Parse(group), a.Port);

        r.OnReactor(() => sender.Write("to the group"u8, to));

        Await(Task.WhenAll(one.WhenReceived(1), two.WhenReceived(1)), "both members");
        Assert.Equal("to the group", Encoding.ASCII.GetString(one.Datagrams[0].Data));
        Assert.Equal("to the group", Encoding.ASCII.GetString(two.Datagrams[0].Data));
        Assert.Equal(sender.Port, one.Datagrams[0].From.Port);
        Assert.Equal(a.Port, b.Port);

        // b leaves; a second datagram to the group reaches a alone. a's copy, sent after b left,
        // proves b's would have been queued by then: none is.
        r.OnReactor(() =>
        {
            b.LeaveGroup(group, "127.0.0.1");
            sender.Write("members only"u8, to);
        });
        Await(one.WhenReceived(2), "the member that stayed");
        Assert.Equal("members only", Encoding.ASCII.GetString(one.Datagrams[1].Data));
        Assert.Equal(1, two.Count);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Ttl_and_loopback_are_read_back_as_set(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var port = r.OnReactor(() => r.Reactor.ListenMulticast(0, new DatagramProtocol(), "127.0.0.1"));

        var (ttl0, loop0, ttl, loop) = r.OnReactor(() =>
        {
            var before = (port.MulticastTtl, port.MulticastLoopback);
            port.MulticastTtl = 7;
            port.MulticastLoopback = false;
            return (before.MulticastTtl, before.MulticastLoopback, port.MulticastTtl, port.MulticastLoopback);
        });

        Assert.Equal(1, ttl0);
        Assert.True(loop0);
        Assert.Equal(7, ttl);
        Assert.False(loop);
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_group_joined_twice_or_not_a_group_is_refused_clearly(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        string group = Group(backend);
        var port = r.OnReactor(() => r.Reactor.ListenMulticast(0, new DatagramProtocol(), group));

        var twice = r.OnReactor(() =>
        {
            port.JoinGroup(group, "127.0.0.1");
            return Record.Exception(() => port.JoinGroup(group, "127.0.0.1"));
        });
        var unicast = r.OnReactor(() => Record.Exception(() => port.JoinGroup("127.0.0.1")));
        var leaveUnjoined = r.OnReactor(() => Record.Exception(() => port.LeaveGroup("239.29.9.9", "127.0.0.1")));

        var join = Assert.IsType<MulticastJoinError>(twice);
        Assert.Equal(group, join.Group);
        Assert.Equal(SocketError.AddressAlreadyInUse, join.SocketError);
        Assert.IsType<ArgumentException>(unicast);
        Assert.Contains("leave", Assert.IsType<MulticastJoinError>(leaveUnjoined).Message);
    }
}
