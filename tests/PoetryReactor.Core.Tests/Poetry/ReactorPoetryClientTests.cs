using System.Net.Sockets;
using PoetryReactor.Core.Defer;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Core.Poetry.Servers;
using static PoetryReactor.Core.Tests.Poetry.PoetryTestSupport;

namespace PoetryReactor.Core.Tests.Poetry;

/// <summary>Every client model against both server kinds, and what is particular to the reactor clients.</summary>
public sealed class ReactorPoetryClientTests
{
    private const string MultiByte = "Café, naïve crème brûlée: 月 灯 海 茶 — ¡salud!\n";

    public static IEnumerable<object[]> ModesAndServers =>
        from mode in AllModes
        from kind in Enum.GetValues<PoetryServerMode>()
        select new object[] { mode, kind };

    public static IEnumerable<object[]> ReactorModesAndBackends =>
        from mode in new[] { PoetryClientMode.Reader, PoetryClientMode.Protocol }
        from backend in OperatingSystem.IsLinux() ? new[] { ReactorBackendKind.Select, ReactorBackendKind.Epoll } : [ReactorBackendKind.Select]
        select new object[] { mode, backend };

    [Theory]
    [MemberData(nameof(ModesAndServers))]
    public async Task Every_model_fetches_byte_exact_from_every_server_kind(PoetryClientMode mode, PoetryServerMode kind)
    {
        byte[] poem = Utf8(string.Concat(Enumerable.Repeat("The rain in the reactor falls mainly on the loop.\n", 50)));
        using var servers = new ServerSet(kind);
        var server = servers.Add(poem, chunkSize: 512, delaySeconds: 0);

        Poem result = await FetchOneAsync(mode, server.Address);

        Assert.True(result.Complete, result.Error?.ToString());
        Assert.Equal(poem, result.GetBytes());
        Assert.Equal(mode, result.Mode);
    }

    [Theory]
    [MemberData(nameof(ModesAndServers))]
    public async Task Every_model_gets_multi_byte_text_sent_a_byte_at_a_time_whole(PoetryClientMode mode, PoetryServerMode kind)
    {
        byte[] poem = Utf8(MultiByte);
        using var servers = new ServerSet(kind);
        var server = servers.Add(poem, chunkSize: 1, delaySeconds: 0.001);

        Poem result = await FetchOneAsync(mode, server.Address);

        Assert.True(result.Complete, result.Error?.ToString());
        Assert.Equal(MultiByte, result.Text);
        Assert.False(result.HasInvalidUtf8);
        Assert.True(result.Chunks > 1, "a byte-at-a-time poem arrived in one read");
        Assert.Equal(poem.Length, server.Stats.BytesSent);
    }

    [Theory]
    [MemberData(nameof(ReactorModesAndBackends))]
    public async Task On_a_shared_reactor_poems_are_reported_on_its_thread_and_it_keeps_running(PoetryClientMode mode, ReactorBackendKind backend)
    {
        using var running = RunningReactor.Start(ReactorTestKit.Create(backend, new RecordingLog()));
        var server = new ReactorPoetryServer(running.Reactor, new PoetryServerOptions { PoemBytes = Utf8("shared"), Delay = TimeSpan.Zero });
        server.Start();
        var reportedOn = new List<int>();

        IReadOnlyList<Poem> poems = await Client(mode, running.Reactor)
            .FetchAsync([server.Address, server.Address], new PoetryClientOptions { PoemCompleted = _ => reportedOn.Add(Environment.CurrentManagedThreadId) })
            .WaitAsync(Patience);

        Assert.All(poems, p => Assert.Equal("shared", p.Text));
        Assert.Equal([running.ManagedThreadId, running.ManagedThreadId], reportedOn);
        Assert.Equal(running.ManagedThreadId, Assert.Single(poems[0].ThreadIds));
        Assert.True(running.Reactor.IsRunning);
        Assert.Empty(running.OnReactor(() => running.Reactor.GetReaders().Where(r => r is not Core.Net.TcpPort)));
    }

    [Theory]
    [MemberData(nameof(ReactorModesAndBackends))]
    public async Task A_shared_reactor_shutting_down_mid_fetch_ends_the_poems_as_lost(PoetryClientMode mode, ReactorBackendKind backend)
    {
        var running = RunningReactor.Start(ReactorTestKit.Create(backend, new RecordingLog()));
        using var slow = StartServer(new byte[100], chunkSize: 10, delaySeconds: 60);
        using var reading = new ManualResetEventSlim();

        Task<IReadOnlyList<Poem>> fetch = Client(mode, running.Reactor)
            .FetchAsync([slow.Address, HostPort.Parse($"localhost:{slow.Port}")], new PoetryClientOptions { ChunkReceived = _ => reading.Set() });
        Assert.True(reading.Wait(Patience), "no chunk arrived");
        running.Reactor.Stop();
        running.WaitForExit();
        running.Dispose();

        IReadOnlyList<Poem> poems = await fetch.WaitAsync(Patience);
        Assert.Equal(2, poems.Count);
        Assert.All(poems, p => Assert.Equal(PoetryErrorKind.ConnectionLost, ErrorKind(p)));
        Assert.Contains(poems, p => p.Bytes == 10);
    }

    [Fact]
    public async Task A_stopped_shared_reactor_fails_the_fetch()
    {
        var reactor = new Reactor();
        reactor.Dispose();

        await Assert.ThrowsAsync<ReactorNotRunningException>(() => new ProtocolPoetryClient(reactor).FetchAsync([HostPort.Parse("1234")]));
    }

    /// <summary>1,000 protocol-client fetches at once from one reactor server (fd limit here: 20,000; this needs ~2,000).</summary>
    [Theory]
    [MemberData(nameof(ServerBackends))]
    public async Task A_thousand_concurrent_protocol_fetches_all_complete_byte_exact(ReactorBackendKind backend)
    {
        const int clients = 1000;
        Assert.True(OpenFileLimit() >= 2 * clients + 100, $"the open-file limit ({OpenFileLimit()}) is too low for {clients} clients and their server ends: raise ulimit -n");
        using var running = RunningReactor.Start(ReactorTestKit.Create(backend, new RecordingLog()));
        byte[] poem = Utf8(string.Concat(Enumerable.Repeat("A thousand readers and one loop.\n", 64)));
        var server = new ReactorPoetryServer(running.Reactor, new PoetryServerOptions { PoemBytes = poem, Delay = TimeSpan.Zero });
        server.Start();

        IReadOnlyList<Poem> poems = await new ProtocolPoetryClient()
            .FetchAsync(Enumerable.Repeat(server.Address, clients).ToArray()).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(clients, poems.Count);
        Assert.All(poems, p => Assert.True(p.Complete && p.GetBytes().AsSpan().SequenceEqual(poem), $"task {p.TaskNumber}: {p}"));
        Assert.Equal(Enumerable.Range(1, clients), poems.Select(p => p.TaskNumber).Order());
        Assert.Equal(clients, server.Stats.ConnectionsServed);
    }

    public static TheoryData<ReactorBackendKind> ServerBackends => ReactorTestKit.Backends();

    /// <summary>The soft limit on open files (ulimit -n), from /proc/self/limits.</summary>
    private static long OpenFileLimit()
    {
        string line = File.ReadLines("/proc/self/limits").First(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        string soft = line["Max open files".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return soft == "unlimited" ? long.MaxValue : long.Parse(soft);
    }

    // The tutorial's tests/test_poetry.py, on the Deferred API of the protocol client.
    [Theory]
    [MemberData(nameof(ServerBackends))]
    public void Tutorial_test_client_and_test_failure_with_GetPoetry(ReactorBackendKind backend)
    {
        const string testPoem = "This is a test.\nThis is only a test.";
        using var running = RunningReactor.Start(ReactorTestKit.Create(backend, new RecordingLog()));
        var server = new ReactorPoetryServer(running.Reactor, new PoetryServerOptions { PoemBytes = Utf8(testPoem), Delay = TimeSpan.Zero });
        server.Start();
        using Socket refusing = BindRefusingPort(out HostPort nobody);

        Task<Poem> poem = running.OnReactor(() => ProtocolPoetryClient.GetPoetry(running.Reactor, server.Address).ToTask());
        Task<Poem> failure = running.OnReactor(() => ProtocolPoetryClient.GetPoetry(running.Reactor, nobody).ToTask());

        Assert.Equal(testPoem, Net.NetTestKit.Await(poem, "the poem").Text);
        var e = Assert.Throws<AggregateException>(() => failure.Wait(Patience));
        Assert.Equal(PoetryErrorKind.ConnectionRefused, Assert.IsType<PoetryException>(e.InnerException).Kind);
    }

    [Theory]
    [MemberData(nameof(ServerBackends))]
    public void Cancelling_GetPoetry_closes_the_connection(ReactorBackendKind backend)
    {
        using var running = RunningReactor.Start(ReactorTestKit.Create(backend, new RecordingLog()));
        var server = new ReactorPoetryServer(running.Reactor, new PoetryServerOptions { PoemBytes = new byte[100], ChunkSize = 10, Delay = TimeSpan.FromSeconds(60) });
        server.Start();
        using var aborted = new ManualResetEventSlim();
        server.Stats.Aborted += (_, _) => aborted.Set();
        using var reading = new ManualResetEventSlim();

        var d = running.OnReactor(() => ProtocolPoetryClient.GetPoetry(running.Reactor, server.Address, new PoetryClientOptions { ChunkReceived = _ => reading.Set() }));
        Assert.True(reading.Wait(Patience), "no chunk arrived");
        var task = running.OnReactor(() =>
        {
            var t = d.ToTask();
            d.Cancel();
            return t;
        });

        Assert.True(aborted.Wait(Patience), "the server did not see the connection end");
        Assert.True(((IAsyncResult)task).AsyncWaitHandle.WaitOne(Patience));
        Assert.True(task.IsCanceled);
    }

    /// <summary>Servers of one kind for one test, reactor ones on a reactor of their own.</summary>
    private sealed class ServerSet(PoetryServerMode kind) : IDisposable
    {
        private readonly List<IPoetryServer> _servers = new();
        private RunningReactor? _reactor;

        public IPoetryServer Add(byte[] poem, int chunkSize, double delaySeconds)
        {
            var options = new PoetryServerOptions { PoemBytes = poem, ChunkSize = chunkSize, Delay = TimeSpan.FromSeconds(delaySeconds) };
            IPoetryServer server;
            if (kind == PoetryServerMode.Blocking)
            {
                var blocking = new BlockingPoetryServer(options);
                blocking.Start();
                server = blocking;
            }
            else
            {
                _reactor ??= RunningReactor.Start(ReactorTestKit.Create(ReactorBackendKind.Default, new RecordingLog()));
                var onReactor = new ReactorPoetryServer(_reactor.Reactor, options);
                onReactor.Start();
                server = onReactor;
            }
            _servers.Add(server);
            return server;
        }

        public void Dispose()
        {
            _servers.ForEach(s => s.Stop());
            _reactor?.Dispose();
        }
    }
}
