using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Net;
using static PoetryReactor.Core.Tests.Net.NetTestKit;

namespace PoetryReactor.Core.Tests.Net;

/// <summary>Connects on raw non-blocking descriptors (Epoll) and on .NET sockets (Select): IPv6, unreachable, no exceptions.</summary>
public sealed class TcpRawConnectTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    [Theory, MemberData(nameof(Backends))]
    public void An_IPv6_loopback_connect_reaches_the_server_and_both_ends_know_their_addresses(ReactorBackendKind backend)
    {
        if (!Socket.OSSupportsIPv6) return;
        using var r = Start(backend);
        var server = new RecordingProtocol { OnMade = p => p.Transport!.Write("over ::1"u8) };
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, new ServerFactory(() => server), "::1"));
        var client = new RecordingProtocol { OnData = p => p.Transport!.LoseConnection() };
        var factory = new RecordingClientFactory(() => client);

        r.OnReactor(() => r.Reactor.ConnectTcp("::1", port.Port, factory));

        Assert.IsType<ConnectionDoneException>(Await(client.Lost.Task, "the client's ConnectionLost"));
        Assert.Equal("over ::1"u8.ToArray(), client.Received);
        var (peer, host) = r.OnReactor(() => (client.Transport!.GetPeer(), server.Transport!.GetPeer()));
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, port.Port), peer);
        Assert.Equal(IPAddress.IPv6Loopback, ((IPEndPoint)host).Address);
    }

    /// <summary>The kernel refuses TCP to a multicast group at once (ENETUNREACH); no packet is sent.</summary>
    [Theory, MemberData(nameof(Backends))]
    public void An_unreachable_address_is_a_NoRouteError(ReactorBackendKind backend)
    {
        if (!OperatingSystem.IsLinux()) return;
        using var r = Start(backend);
        var factory = new RecordingClientFactory(() => new RecordingProtocol());

        r.OnReactor(() => r.Reactor.ConnectTcp("224.0.0.1", 9, factory));

        var reason = Assert.IsType<NoRouteError>(Await(factory.Failed.Task, "ClientConnectionFailed"));
        Assert.Equal(SocketError.NetworkUnreachable, reason.SocketError);
        Assert.Empty(r.OnReactor(() => r.Reactor.GetWriters()));
    }

    [Fact]
    public void On_raw_descriptors_refused_connects_throw_nothing_on_the_reactor_thread()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var r = Start(ReactorBackendKind.Epoll);
        using var refusing = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        refusing.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)refusing.LocalEndPoint!).Port;
        int thrown = 0;
        void Count(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == r.ManagedThreadId) Interlocked.Increment(ref thrown);
        }
        var factories = Enumerable.Range(0, 20).Select(_ => new RecordingClientFactory(() => new RecordingProtocol())).ToList();

        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            r.OnReactor(() => factories.ForEach(f => r.Reactor.ConnectTcp("127.0.0.1", port, f)));
            foreach (var f in factories) Assert.IsType<ConnectionRefusedError>(Await(f.Failed.Task, "ClientConnectionFailed"));
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        Assert.Equal(0, thrown);
    }

    [Theory, MemberData(nameof(Backends))]
    public void NoDelay_is_off_until_set(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var server = new RecordingProtocol();
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, new ServerFactory(() => server)));
        using var client = ConnectClient(port.Port);
        Await(server.Made.Task, "ConnectionMade");

        var (before, after) = r.OnReactor(() =>
        {
            bool was = server.Connection.NoDelay;
            server.Connection.NoDelay = true;
            return (was, server.Connection.NoDelay);
        });

        Assert.False(before);
        Assert.True(after);
    }
}
