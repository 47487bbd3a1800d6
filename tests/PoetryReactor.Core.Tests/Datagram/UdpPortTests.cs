using System.Net;
using System.Net.Sockets;
using System.Text;
using PoetryReactor.Core.Datagram;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Tests.Net;
using static PoetryReactor.Core.Tests.Datagram.UdpTestKit;
using static PoetryReactor.Core.Tests.Net.NetTestKit;

namespace PoetryReactor.Core.Tests.Datagram;

/// <summary>A UDP port: echo, empty and largest datagrams, bad writes, a throwing protocol, closing.</summary>
public sealed class UdpPortTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    [Theory, MemberData(nameof(Backends))]
    public void Echoes_datagrams_to_their_senders_and_counts_them(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var port = r.OnReactor(() => r.Reactor.ListenUdp(0, new EchoDatagramProtocol()));
        using var a = Client();
        using var b = Client();

        a.SendTo(Encoding.UTF8.GetBytes("from a"), Loopback(port.Port));
        b.SendTo(Encoding.UTF8.GetBytes("from b, café"), Loopback(port.Port));

        Assert.Equal("from a", Encoding.UTF8.GetString(ReceiveOne(a, out var fromA)));
        Assert.Equal("from b, café", Encoding.UTF8.GetString(ReceiveOne(b, out _)));
        Assert.Equal(Loopback(port.Port), fromA);
        Assert.Equal(2, port.Stats.DatagramsReceived);
        Assert.Equal(2, port.Stats.DatagramsSent);
        Assert.Equal(6 + 13, port.Stats.BytesReceived);
        Assert.Equal(port.Stats.BytesReceived, port.Stats.BytesSent);
        Assert.Equal("127.0.0.1", port.Host);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Tells_the_protocol_who_sent_each_datagram(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var protocol = new RecordingDatagramProtocol();
        var port = r.OnReactor(() => r.Reactor.ListenUdp(0, protocol));
        using var a = Client();
        using var b = Client();

        for (int i = 0; i < 3; i++)
        {
            a.SendTo([(byte)'a', (byte)i], Loopback(port.Port));
            b.SendTo([(byte)'b', (byte)i], Loopback(port.Port));
        }

        Await(protocol.WhenReceived(6), "six datagrams");
        foreach (var (data, from) in protocol.Datagrams)
            Assert.Equal(data[0] == 'a' ? a.LocalEndPoint : b.LocalEndPoint, from);
        Assert.Equal([0, 1, 2], protocol.Datagrams.Where(d => d.Data[0] == 'a').Select(d => (int)d.Data[1]));
    }

    [Theory, MemberData(nameof(Backends))]
    public void An_empty_datagram_is_delivered_counted_and_answered(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var port = r.OnReactor(() => r.Reactor.ListenUdp(0, new EchoDatagramProtocol()));
        using var client = Client();

        client.SendTo([], Loopback(port.Port));
        client.SendTo("after"u8.ToArray(), Loopback(port.Port));

        Assert.Empty(ReceiveOne(client, out _));
        Assert.Equal("after", Encoding.ASCII.GetString(ReceiveOne(client, out _)));
        Assert.Equal(1, port.Stats.EmptyDatagrams);
        Assert.Equal(2, port.Stats.DatagramsReceived);
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_65000_byte_datagram_arrives_whole_and_goes_back_whole(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var protocol = new RecordingDatagramProtocol { OnDatagram = (p, data, from) => p.Transport!.Write(data, from) };
        var port = r.OnReactor(() => r.Reactor.ListenUdp(0, protocol));
        using var client = Client();
        var big = RandomBytes(65_000, seed: 29);

        client.SendTo(big, Loopback(port.Port));

        Assert.Equal(big, ReceiveOne(client, out _));
        Assert.Equal(big, protocol.Datagrams.Single().Data);
        Assert.Equal(0, port.Stats.TruncatedDatagrams);
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_protocol_that_throws_is_counted_reported_and_the_port_goes_on(ReactorBackendKind backend)
    {
        var log = new RecordingLog();
        using var r = Start(backend, log);
        var protocol = new RecordingDatagramProtocol
        {
            OnDatagram = (p, data, from) =>
            {
                if (data.Length > 0 && data[0] == (byte)'!') throw new InvalidOperationException("bad datagram");
                p.Transport!.Write(data, from);
            },
        };
        var port = r.OnReactor(() => r.Reactor.ListenUdp(0, protocol));
        using var client = Client();

        for (int i = 0; i < 5; i++) client.SendTo("!boom"u8.ToArray(), Loopback(port.Port));
        client.SendTo("fine"u8.ToArray(), Loopback(port.Port));

        Assert.Equal("fine", Encoding.ASCII.GetString(ReceiveOne(client, out _)));
        Assert.Equal(5, port.Stats.CallbackErrors);
        Assert.True(port.IsListening);
        // Reported, throttled to one a second: five throws in a burst make one report.
        var reported = Assert.Single(log.Errors);
        Assert.Contains("DatagramReceived", reported.Origin);
        Assert.Equal("bad datagram", reported.Error.Message);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Echoes_over_IPv6(ReactorBackendKind backend)
    {
        if (!Socket.OSSupportsIPv6) return;
        using var r = Start(backend);
        var port = r.OnReactor(() => r.Reactor.ListenUdp(0, new EchoDatagramProtocol(), "::1"));
        using var client = Client(AddressFamily.InterNetworkV6);

        client.SendTo("over six"u8.ToArray(), new IPEndPoint(IPAddress.IPv6Loopback, port.Port));

        Assert.Equal("over six", Encoding.ASCII.GetString(ReceiveOne(client, out var from)));
        Assert.Equal(IPAddress.IPv6Loopback, from.Address);
        Assert.Equal("::1", port.Host);
        Assert.Equal(65_527, port.MaxDatagramSize);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Bad_writes_throw_at_once_and_send_nothing(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var port = r.OnReactor(() => r.Reactor.ListenUdp(0, new DatagramProtocol()));

        var tooLong = r.OnReactor(() => Record.Exception(() => port.Write(new byte[65_508], Loopback(9))));
        var nowhere = r.OnReactor(() => Record.Exception(() => port.Write("x"u8.ToArray())));
        var v6 = r.OnReactor(() => Record.Exception(() => port.Write("x"u8.ToArray(), new IPEndPoint(IPAddress.IPv6Loopback, 9))));

        var length = Assert.IsType<MessageLengthError>(tooLong);
        Assert.Equal(65_508, length.Length);
        Assert.Equal(65_507, length.Max);
        Assert.IsType<InvalidOperationException>(nowhere);
        Assert.IsType<ArgumentException>(v6);
        Assert.Equal(0, port.Stats.DatagramsSent);
    }

    [Theory, MemberData(nameof(Backends))]
    public void StopListening_frees_the_port_at_once_then_stops_the_protocol(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var protocol = new RecordingDatagramProtocol();
        var port = r.OnReactor(() => r.Reactor.ListenUdp(0, protocol));
        Assert.True(protocol.Started.Task.IsCompleted);

        var stopped = r.OnReactor(() =>
        {
            var d = port.StopListening();
            // Free now: the same port binds again before the Deferred has fired.
            using var again = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            again.Bind(Loopback(port.Port));
            return d.ToTask();
        });

        Await(stopped, "StopListening's Deferred");
        Assert.True(protocol.Stopped.Task.IsCompleted);
        Assert.False(port.IsListening);
        Assert.True(r.OnReactor(() => port.StopListening().ToTask()).IsCompleted);
        Assert.DoesNotContain(r.OnReactor(() => r.Reactor.GetReaders()), d => d is UdpPort);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Reactor_shutdown_closes_the_port_and_stops_the_protocol(ReactorBackendKind backend)
    {
        var r = Start(backend);
        var protocol = new RecordingDatagramProtocol();
        var port = r.OnReactor(() => r.Reactor.ListenUdp(0, protocol));

        r.Reactor.Stop();
        r.WaitForExit();
        r.Dispose();

        Assert.True(protocol.Stopped.Task.IsCompleted);
        Assert.False(port.IsListening);
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_port_in_use_cannot_be_bound_again(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var first = r.OnReactor(() => r.Reactor.ListenUdp(0, new DatagramProtocol()));

        var error = r.OnReactor(() => Record.Exception(() => r.Reactor.ListenUdp(first.Port, new DatagramProtocol())));

        var cannot = Assert.IsType<CannotListenError>(error);
        Assert.Equal(SocketError.AddressAlreadyInUse, cannot.SocketError);
        Assert.Equal(first.Port, cannot.Port);
    }

    [Fact]
    public void An_interface_that_is_not_an_address_is_refused()
    {
        using var r = Start(ReactorBackendKind.Select);

        var error = r.OnReactor(() => Record.Exception(() => r.Reactor.ListenUdp(0, new DatagramProtocol(), "example.org")));

        Assert.IsType<ArgumentException>(error);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Writes_from_a_timer_leave_at_once(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var port = r.OnReactor(() => r.Reactor.ListenUdp(0, new DatagramProtocol()));
        using var client = Client();
        var to = (IPEndPoint)client.LocalEndPoint!;

        r.OnReactor(() => r.Reactor.CallLater(0, () => port.Write("tick"u8, to)));

        Assert.Equal("tick", Encoding.ASCII.GetString(ReceiveOne(client, out var from)));
        Assert.Equal(port.Port, from.Port);
    }
}
