using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Servers;
using PoetryReactor.Core.Tests.Net;
using static PoetryReactor.Core.Tests.Poetry.PoetryTestSupport;

namespace PoetryReactor.Core.Tests.Poetry;

/// <summary>
/// The reactor poetry server, driven by <see cref="Reactor.Iterate"/> on a manual clock: chunk
/// timing and back-pressure are checked step by step, without sleeping.
/// </summary>
public sealed class ReactorPoetryServerTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    /// <summary>
    /// What a server can hand over to a client that does not read: the kernel's send buffer (at
    /// most tcp_wmem's maximum, 4 MiB here) and a tiny receive window, plus the transport's buffer
    /// (high-water mark + one piece). Poems in these tests are twice as long.
    /// </summary>
    private const long KernelAndTransportBound = 4 * 1024 * 1024 + 512 * 1024;

    private readonly ManualClock _clock = new();
    private readonly RecordingLog _log = new();

    [Theory, MemberData(nameof(Backends))]
    public void Chunks_go_out_one_per_delay_then_the_connection_closes(ReactorBackendKind backend)
    {
        using var reactor = ReactorTestKit.Create(backend, _log, _clock);
        var server = Start(reactor, Utf8("0123456789"), chunkSize: 4, delaySeconds: 10);
        var events = new List<string>();
        server.Stats.Connected += (_, e) => events.Add($"connected {e.ConnectionNumber}");
        server.Stats.ChunkSent += (_, e) => events.Add($"chunk {e.Bytes}/{e.ConnectionBytes}");
        server.Stats.Finished += (_, e) => events.Add($"finished {e.ConnectionBytes}");
        using var client = NetTestKit.ConnectClient(server.Port);

        ReactorTestKit.IterateUntil(reactor, () => server.Stats.BytesSent == 4, "the first chunk");
        Assert.Equal("0123", Receive(client, 4));
        reactor.Iterate(0.05);
        Assert.Equal(4, server.Stats.BytesSent); // nothing more until the delay has passed

        _clock.Advance(10);
        ReactorTestKit.IterateUntil(reactor, () => server.Stats.BytesSent == 8, "the second chunk");
        _clock.Advance(10);
        ReactorTestKit.IterateUntil(reactor, () => server.Stats.ConnectionsServed == 1, "the last chunk and the close");

        Assert.Equal("456789", Utf8Text(NetTestKit.ReadToEnd(client)));
        Assert.Equal(["connected 1", "chunk 4/4", "chunk 4/8", "chunk 2/10", "finished 10"], events);
        Assert.Equal((1, 1, 0, 0), (server.Stats.ConnectionsAccepted, server.Stats.ConnectionsServed, server.Stats.ActiveConnections, server.Stats.ConnectionsAborted));
        Assert.Empty(_log.Errors);
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_late_chunk_does_not_push_the_later_ones_back(ReactorBackendKind backend)
    {
        using var reactor = ReactorTestKit.Create(backend, _log, _clock);
        var server = Start(reactor, Utf8("0123456789ab"), chunkSize: 4, delaySeconds: 10);
        using var client = NetTestKit.ConnectClient(server.Port);
        ReactorTestKit.IterateUntil(reactor, () => server.Stats.BytesSent == 4, "the first chunk");

        _clock.Advance(13); // the second chunk (due at 10) goes out 3 s late
        ReactorTestKit.IterateUntil(reactor, () => server.Stats.BytesSent == 8, "the second chunk");
        // The third is due at 20, on the original rhythm, not at 23.
        Assert.Equal(7, Assert.Single(reactor.GetDelayedCalls()).Time - _clock.Now, precision: 6);
        _clock.Advance(7);
        ReactorTestKit.IterateUntil(reactor, () => server.Stats.ConnectionsServed == 1, "the third chunk and the close");
        Assert.Equal("0123456789ab", Utf8Text(NetTestKit.ReadToEnd(client)));
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_zero_delay_writes_the_whole_poem_at_once(ReactorBackendKind backend)
    {
        using var reactor = ReactorTestKit.Create(backend, _log, _clock);
        byte[] poem = NetTestKit.RandomBytes(10_000, seed: 3);
        var server = Start(reactor, poem, chunkSize: 10, delaySeconds: 0);
        int chunkEvents = 0;
        server.Stats.ChunkSent += (_, _) => chunkEvents++;
        using var client = NetTestKit.ConnectClient(server.Port);

        ReactorTestKit.IterateUntil(reactor, () => server.Stats.ConnectionsServed == 1, "the poem to be served");

        Assert.Equal(poem, NetTestKit.ReadToEnd(client));
        Assert.Equal(1, chunkEvents);
        Assert.Empty(reactor.GetDelayedCalls());
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_client_that_does_not_read_stops_the_chunk_timer_until_it_does(ReactorBackendKind backend)
    {
        using var reactor = ReactorTestKit.Create(backend, _log, _clock);
        const int chunk = 128 * 1024;
        byte[] poem = NetTestKit.RandomBytes(8 * 1024 * 1024, seed: 5);
        var server = Start(reactor, poem, chunkSize: chunk, delaySeconds: 1);
        using var client = NetTestKit.ConnectClient(server.Port, receiveBuffer: 4096);

        // Far more delays than the poem has chunks: without back-pressure it would all be sent.
        ReactorTestKit.IterateUntil(reactor, () => server.Stats.ConnectionsAccepted == 1, "the connection");
        for (int i = 0; i < 2 * poem.Length / chunk; i++)
        {
            _clock.Advance(1);
            reactor.Iterate();
        }
        long stalled = server.Stats.BytesSent;
        Assert.InRange(stalled, chunk, KernelAndTransportBound);
        Assert.Empty(reactor.GetDelayedCalls()); // paused: no chunk timer pending

        var reading = Task.Run(() => NetTestKit.ReadToEnd(client));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (!reading.IsCompleted)
        {
            Assert.True(sw.Elapsed < Patience, "the poem was not read in time");
            _clock.Advance(1);
            reactor.Iterate(0.01);
        }
        Assert.Equal(poem, await reading);
        Assert.Equal(1, server.Stats.ConnectionsServed);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task The_fast_server_also_yields_to_back_pressure(ReactorBackendKind backend)
    {
        using var reactor = ReactorTestKit.Create(backend, _log, _clock);
        byte[] poem = NetTestKit.RandomBytes(8 * 1024 * 1024, seed: 6);
        var server = Start(reactor, poem, chunkSize: 10, delaySeconds: 0);
        using var client = NetTestKit.ConnectClient(server.Port, receiveBuffer: 4096);

        ReactorTestKit.IterateUntil(reactor, () => server.Stats.ConnectionsAccepted == 1, "the connection");
        Assert.InRange(server.Stats.BytesSent, 1, KernelAndTransportBound);

        var reading = Task.Run(() => NetTestKit.ReadToEnd(client));
        ReactorTestKit.IterateUntil(reactor, () => reading.IsCompleted, "the whole poem to be read");
        Assert.Equal(poem, await reading);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Clients_over_MaxConnections_are_closed_at_once_and_counted_as_refused(ReactorBackendKind backend)
    {
        using var reactor = ReactorTestKit.Create(backend, _log, _clock);
        var options = new PoetryServerOptions { PoemBytes = Utf8("slow poem"), ChunkSize = 1, Delay = TimeSpan.FromSeconds(10), MaxConnections = 1 };
        var server = new ReactorPoetryServer(reactor, options);
        server.Start();
        using var first = NetTestKit.ConnectClient(server.Port);
        ReactorTestKit.IterateUntil(reactor, () => server.Stats.ActiveConnections == 1, "the first client");

        using var second = NetTestKit.ConnectClient(server.Port);
        ReactorTestKit.IterateUntil(reactor, () => server.Stats.ConnectionsRefused == 1, "the second client to be refused");

        Assert.Empty(NetTestKit.ReadToEnd(second));
        Assert.Equal("s", Receive(first, 1));
        Assert.Equal(1, server.Stats.ConnectionsAccepted);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Stop_frees_the_port_and_closes_live_connections_as_aborted(ReactorBackendKind backend)
    {
        using var reactor = ReactorTestKit.Create(backend, _log, _clock);
        var server = Start(reactor, Utf8("a poem that will not be finished"), chunkSize: 5, delaySeconds: 10);
        var aborted = new List<Exception>();
        server.Stats.Aborted += (_, e) => aborted.Add(e.Error!);
        using var a = NetTestKit.ConnectClient(server.Port);
        using var b = NetTestKit.ConnectClient(server.Port);
        ReactorTestKit.IterateUntil(reactor, () => server.Stats.BytesSent == 10, "a chunk to each client");

        server.Stop();
        Assert.False(server.IsRunning);
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            Assert.Equal(SocketError.ConnectionRefused,
                Assert.Throws<SocketException>(() => probe.Connect(IPAddress.Loopback, server.Port)).SocketErrorCode);
        }
        ReactorTestKit.IterateUntil(reactor, () => server.Stats.ActiveConnections == 0, "the connections to close");

        Assert.Equal("a poe", Utf8Text(NetTestKit.ReadToEnd(a)));
        Assert.Equal("a poe", Utf8Text(NetTestKit.ReadToEnd(b)));
        Assert.Equal(2, server.Stats.ConnectionsAborted);
        Assert.All(aborted, e => Assert.IsType<OperationCanceledException>(e));
        Assert.Empty(reactor.GetDelayedCalls());
        server.Stop(); // again: nothing
    }

    [Fact]
    public void Bad_options_and_a_port_in_use_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PoetryServerOptions { ChunkSize = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PoetryServerOptions { MaxConnections = -1 });
        using var reactor = ReactorTestKit.Create(ReactorBackendKind.Default, _log, _clock);
        var first = Start(reactor, Utf8("x"), chunkSize: 1, delaySeconds: 0);
        Assert.Throws<InvalidOperationException>(first.Start);

        var second = new ReactorPoetryServer(reactor, new PoetryServerOptions { Port = first.Port });
        var e = Assert.Throws<PoetryException>(second.Start);

        Assert.Equal(PoetryErrorKind.AddressInUse, e.Kind);
        Assert.Contains(first.Port.ToString(), e.Message);
        Assert.Throws<InvalidOperationException>(() => second.Address);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task StartAsync_and_StopAsync_work_from_other_threads_on_a_running_reactor(ReactorBackendKind backend)
    {
        using var running = RunningReactor.Start(ReactorTestKit.Create(backend, _log));
        IPoetryServer server = new ReactorPoetryServer(running.Reactor, new PoetryServerOptions { PoemBytes = Utf8("from afar"), Delay = TimeSpan.Zero });

        await ((ReactorPoetryServer)server).StartAsync().WaitAsync(Patience);
        Assert.Equal((PoetryServerMode.Reactor, "127.0.0.1", true), (server.Mode, server.Host, server.IsRunning));
        using (var client = NetTestKit.ConnectClient(server.Port)) Assert.Equal("from afar", Utf8Text(NetTestKit.ReadToEnd(client)));
        server.Stop(); // from this thread: handed over and waited for

        Assert.False(server.IsRunning);
        await ((ReactorPoetryServer)server).StopAsync().WaitAsync(Patience);
    }

    private static ReactorPoetryServer Start(Reactor reactor, byte[] poem, int chunkSize, double delaySeconds)
    {
        var server = new ReactorPoetryServer(reactor, new PoetryServerOptions
        {
            PoemBytes = poem,
            ChunkSize = chunkSize,
            Delay = TimeSpan.FromSeconds(delaySeconds),
        });
        server.Start();
        return server;
    }

    private static string Receive(Socket client, int count)
    {
        var buffer = new byte[count];
        int got = 0;
        while (got < count)
        {
            int n = client.Receive(buffer, got, count - got, SocketFlags.None);
            Assert.True(n > 0, "the server closed early");
            got += n;
        }
        return Utf8Text(buffer);
    }

    private static string Utf8Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);
}
