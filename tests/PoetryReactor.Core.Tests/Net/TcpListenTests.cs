using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Net;
using static PoetryReactor.Core.Tests.Net.NetTestKit;

namespace PoetryReactor.Core.Tests.Net;

/// <summary>ListenTcp: ports, accepting, stopping, factory start/stop counting.</summary>
public sealed class TcpListenTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    [Theory, MemberData(nameof(Backends))]
    public void Port_0_reports_the_real_port_and_accepts(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var factory = new RecordingServerFactory(() => new RecordingProtocol());
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, factory));

        Assert.InRange(port.Port, 1, 65535);
        Assert.Equal("127.0.0.1", port.Host);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, port.Port), port.GetHost());
        using var client = ConnectClient(port.Port);
        var server = WaitForProtocol(r, factory);
        Await(server.Made.Task, "ConnectionMade");
        Assert.Equal(r.ManagedThreadId, server.ReactorThread);
        Assert.Equal(client.LocalEndPoint, r.OnReactor(() => server.Transport!.GetPeer()));
        Assert.Equal(client.RemoteEndPoint, r.OnReactor(() => server.Transport!.GetHost()));
        Assert.Same(factory, server.Factory);
        Assert.True(server.Connected);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Many_clients_connecting_at_once_are_each_accepted(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var factory = new RecordingServerFactory(() => new RecordingProtocol());
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, factory));

        // More than one wake-up's worth (64), queued before the reactor gets to them.
        var clients = Enumerable.Range(0, 150).Select(_ => ConnectClient(port.Port)).ToList();
        try
        {
            Await(factory.WhenBuilt(150), "150 accepted connections");
            Assert.Equal(150, ((TcpPort)port).Accepted);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void StopListening_frees_the_port_at_once_and_fires_after_the_factory_stops(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var factory = new RecordingServerFactory(() => new RecordingProtocol { OnMade = p => p.Transport!.LoseConnection() });
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, factory));
        // A connection the server closed first leaves the server side in TIME_WAIT.
        using (var client = ConnectClient(port.Port)) Assert.Empty(ReadToEnd(client));

        var stopped = new TaskCompletionSource<(int Stops, object? Result)>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool reboundAtOnce = r.OnReactor(() =>
        {
            port.StopListening().AddCallback(result =>
            {
                stopped.SetResult((factory.Stops, result));
                return result;
            });
            bool firedInline = stopped.Task.IsCompleted;
            using var again = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            again.Bind(new IPEndPoint(IPAddress.Loopback, port.Port));
            again.Listen();
            return !firedInline;
        });

        Assert.True(reboundAtOnce, "the Deferred fired inside StopListening");
        var (stops, result) = Await(stopped.Task, "the StopListening Deferred");
        Assert.Equal(1, stops);
        Assert.Null(result);
        Assert.False(((TcpPort)port).IsListening);
        // And ListenTcp itself can take the port back (SO_REUSEADDR despite TIME_WAIT).
        var second = r.OnReactor(() => r.Reactor.ListenTcp(port.Port, new ServerFactory(() => new Protocol())));
        Assert.Equal(port.Port, second.Port);
        r.OnReactor(() => second.StopListening());
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_port_in_use_is_a_CannotListenError_naming_the_address(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var first = r.OnReactor(() => r.Reactor.ListenTcp(0, new ServerFactory(() => new Protocol())));
        var factory = new RecordingServerFactory(() => new Protocol());

        var e = Assert.IsType<CannotListenError>(r.OnReactor(() => Record.Exception(() => r.Reactor.ListenTcp(first.Port, factory))));

        Assert.Equal(SocketError.AddressAlreadyInUse, e.SocketError);
        Assert.Contains($"127.0.0.1:{first.Port}", e.Message);
        Assert.Equal(first.Port, e.Port);
        Assert.Equal(0, factory.Starts);
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_factory_on_two_ports_starts_once_and_stops_after_the_last(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var factory = new RecordingServerFactory(() => new Protocol());
        var a = r.OnReactor(() => r.Reactor.ListenTcp(0, factory));
        var b = r.OnReactor(() => r.Reactor.ListenTcp(0, factory, "::1"));
        Assert.Equal((1, 0, 2), r.OnReactor(() => (factory.Starts, factory.Stops, factory.NumPorts)));
        Assert.Equal("::1", b.Host);

        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        r.OnReactor(() => a.StopListening().AddCallback(x => { first.SetResult(); return x; }));
        Await(first.Task, "the first port to stop");
        Assert.Equal((1, 0, 1), r.OnReactor(() => (factory.Starts, factory.Stops, factory.NumPorts)));

        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        r.OnReactor(() => b.StopListening().AddCallback(x => { second.SetResult(); return x; }));
        Await(second.Task, "the second port to stop");
        Assert.Equal((1, 1, 0), r.OnReactor(() => (factory.Starts, factory.Stops, factory.NumPorts)));
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_factory_returning_null_refuses_the_connection(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var factory = new NullFactory();
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, factory));

        using var client = ConnectClient(port.Port);

        Assert.Empty(ReadToEnd(client));
        Assert.Equal(1, r.OnReactor(() => factory.Asked));
    }

    [Theory, MemberData(nameof(Backends))]
    public void Reactor_shutdown_closes_the_port_and_stops_the_factory(ReactorBackendKind backend)
    {
        var r = Start(backend);
        var factory = new RecordingServerFactory(() => new Protocol());
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, factory));

        r.Reactor.Stop();
        r.WaitForExit();
        r.Dispose();

        Assert.Equal(1, factory.Stops);
        Assert.False(((TcpPort)port).IsListening);
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var e = Assert.Throws<SocketException>(() => probe.Connect(new IPEndPoint(IPAddress.Loopback, port.Port)));
        Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        using var reactor = new Reactor();
        var factory = new ServerFactory(() => new Protocol());
        Assert.Throws<ArgumentException>(() => reactor.ListenTcp(0, factory, "localhost"));
        Assert.Throws<ArgumentOutOfRangeException>(() => reactor.ListenTcp(70000, factory));
        Assert.Throws<ArgumentOutOfRangeException>(() => reactor.ListenTcp(0, factory, backlog: 0));
    }

    [Fact]
    public void Default_backlog_is_the_system_maximum_and_at_least_4096()
    {
        Assert.True(TcpExtensions.DefaultBacklog >= TcpExtensions.MinimumDefaultBacklog);
        if (OperatingSystem.IsLinux())
        {
            int somaxconn = int.Parse(File.ReadAllText("/proc/sys/net/core/somaxconn").Trim());
            Assert.Equal(Math.Max(somaxconn, 4096), TcpExtensions.DefaultBacklog);
        }
    }

    private static RecordingProtocol WaitForProtocol(RunningReactor r, RecordingServerFactory factory)
    {
        Await(factory.WhenBuilt(1), "a connection to be accepted");
        return r.OnReactor(() => (RecordingProtocol)factory.Built[0]);
    }

    private sealed class NullFactory : ServerFactory
    {
        public int Asked { get; private set; }

        public override Protocol? BuildProtocol(EndPoint address)
        {
            Asked++;
            return null;
        }
    }
}
