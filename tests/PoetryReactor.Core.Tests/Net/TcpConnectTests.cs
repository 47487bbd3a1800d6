using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Net;
using static PoetryReactor.Core.Tests.Net.NetTestKit;

namespace PoetryReactor.Core.Tests.Net;

/// <summary>ConnectTcp: how each kind of failure reaches the client factory, and connection loss.</summary>
public sealed class TcpConnectTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    [Theory, MemberData(nameof(Backends))]
    public void A_refused_connect_is_a_ConnectionRefusedError(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        // Bound but not listening: refuses, and nothing else can take the port meanwhile.
        using var refusing = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        refusing.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)refusing.LocalEndPoint!).Port;
        var factory = new RecordingClientFactory(() => new RecordingProtocol());

        var connector = r.OnReactor(() => r.Reactor.ConnectTcp("127.0.0.1", port, factory));

        var reason = Assert.IsType<ConnectionRefusedError>(Await(factory.Failed.Task, "ClientConnectionFailed"));
        Assert.Equal(SocketError.ConnectionRefused, reason.SocketError);
        Assert.Equal(ConnectorState.Disconnected, factory.StateWhenLost);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, port), r.OnReactor(() => connector.GetDestination()));
        Assert.Equal((1, 1, 0), r.OnReactor(() => (factory.Starts, factory.Stops, factory.NumPorts)));
        Assert.False(factory.Lost.Task.IsCompleted);
    }

    /// <summary>
    /// A listener whose accept queue is full makes Linux drop new SYNs, so the connect hangs until
    /// the timeout (the only black hole loopback offers).
    /// </summary>
    [Theory, MemberData(nameof(Backends))]
    public void A_connect_that_hangs_is_a_TimeoutError_after_the_timeout(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        using var full = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        full.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        full.Listen(0);
        var fillers = Enumerable.Range(0, 3).Select(_ => StartConnect(full.LocalEndPoint!)).ToList();
        try
        {
            var factory = new RecordingClientFactory(() => new RecordingProtocol());
            var clock = System.Diagnostics.Stopwatch.StartNew();

            r.OnReactor(() => r.Reactor.ConnectTcp("127.0.0.1", ((IPEndPoint)full.LocalEndPoint!).Port, factory, TimeSpan.FromMilliseconds(300)));

            Assert.IsType<TimeoutError>(Await(factory.Failed.Task, "ClientConnectionFailed"));
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"timed out after only {clock.Elapsed}");
            Assert.Empty(r.OnReactor(() => r.Reactor.GetWriters()));
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_name_that_does_not_resolve_is_a_DnsLookupError(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var factory = new RecordingClientFactory(() => new RecordingProtocol());

        var connector = r.OnReactor(() => r.Reactor.ConnectTcp("nonexistent.invalid", 10000, factory));

        var reason = Assert.IsType<DnsLookupError>(Await(factory.Failed.Task, "ClientConnectionFailed"));
        Assert.Equal("nonexistent.invalid", reason.Host);
        Assert.Equal(new DnsEndPoint("nonexistent.invalid", 10000), r.OnReactor(() => connector.GetDestination()));
        Assert.Null(r.Failure);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Localhost_resolves_and_connects(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, new ServerFactory(() => new RecordingProtocol
        {
            OnMade = p =>
            {
                p.Transport!.Write("by name"u8);
                p.Transport.LoseConnection();
            },
        })));
        var client = new RecordingProtocol();
        var factory = new RecordingClientFactory(() => client);

        r.OnReactor(() => r.Reactor.ConnectTcp("localhost", port.Port, factory));

        Assert.IsType<ConnectionDoneException>(Await(client.Lost.Task, "the client's ConnectionLost"));
        Assert.Equal("by name"u8.ToArray(), client.Received);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, port.Port), client.Transport!.GetPeer());
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_server_close_reaches_ClientConnectionLost_and_the_factory_stops(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, new ServerFactory(() => new RecordingProtocol
        {
            OnMade = p => p.Transport!.LoseConnection(),
        })));
        var client = new RecordingProtocol();
        var factory = new RecordingClientFactory(() => client);

        var connector = r.OnReactor(() => r.Reactor.ConnectTcp("127.0.0.1", port.Port, factory));

        Assert.IsType<ConnectionDoneException>(Await(factory.Lost.Task, "ClientConnectionLost"));
        Assert.Equal(ConnectorState.Disconnected, factory.StateWhenLost);
        Assert.True(client.Made.Task.IsCompleted);
        Assert.Equal((1, 1, ConnectorState.Disconnected), r.OnReactor(() => (factory.Starts, factory.Stops, connector.State)));
        Assert.Null(r.OnReactor(() => connector.Transport));
        Assert.False(factory.Failed.Task.IsCompleted);
    }

    [Theory, MemberData(nameof(Backends))]
    public void StopConnecting_fails_the_connect_with_a_UserError(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var factory = new RecordingClientFactory(() => new RecordingProtocol());

        var state = r.OnReactor(() =>
        {
            // A name lookup is in flight, so the connector is still connecting.
            var connector = r.Reactor.ConnectTcp("localhost", 9, factory);
            var before = connector.State;
            connector.StopConnecting();
            Assert.Throws<NotConnectingError>(connector.StopConnecting);
            return (before, connector.State);
        });

        Assert.Equal((ConnectorState.Connecting, ConnectorState.Disconnected), state);
        Assert.IsType<UserError>(Await(factory.Failed.Task, "ClientConnectionFailed"));
        Assert.Equal((1, 1), r.OnReactor(() => (factory.Starts, factory.Stops)));
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_factory_can_reconnect_from_ClientConnectionFailed(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        using var refusing = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        refusing.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var factory = new RetryingFactory(attempts: 3);

        r.OnReactor(() => r.Reactor.ConnectTcp("127.0.0.1", ((IPEndPoint)refusing.LocalEndPoint!).Port, factory));

        Await(factory.GaveUp.Task, "the last failure");
        Assert.Equal((3, 1, 1), r.OnReactor(() => (factory.Failures, factory.Starts, factory.Stops)));
    }

    private static Socket StartConnect(EndPoint target)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
        try
        {
            socket.Connect(target);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
        {
        }
        return socket;
    }

    private sealed class RetryingFactory(int attempts) : ClientFactory(() => new Protocol())
    {
        public TaskCompletionSource GaveUp { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Failures { get; private set; }
        public int Starts { get; private set; }
        public int Stops { get; private set; }

        public override void ClientConnectionFailed(IConnector connector, Exception reason)
        {
            Assert.IsType<ConnectionRefusedError>(reason);
            if (++Failures < attempts) connector.Connect();
            else GaveUp.SetResult();
        }

        public override void StartFactory() => Starts++;
        public override void StopFactory() => Stops++;
    }
}
