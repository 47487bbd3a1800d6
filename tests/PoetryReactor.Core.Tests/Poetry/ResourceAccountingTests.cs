using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Core.Poetry.Servers;
using PoetryReactor.Core.Tests.Net;
using static PoetryReactor.Core.Tests.Poetry.PoetryTestSupport;

namespace PoetryReactor.Core.Tests.Poetry;

/// <summary>Runs alone: it counts the whole process's descriptors, threads and memory.</summary>
[CollectionDefinition(nameof(ResourceAccounting), DisableParallelization = true)]
public sealed class ResourceAccounting;

/// <summary>
/// Load that ends must leave nothing behind: descriptors, threads and managed memory return to
/// their starting level (within a small bound for runtime noise), and the server keeps serving.
/// </summary>
[Collection(nameof(ResourceAccounting))]
public sealed class ResourceAccountingTests
{
    private const int FdSlack = 8;
    private const int ThreadSlack = 8;
    private const long ManagedSlack = 8 * 1024 * 1024;

    private sealed record Level(int Fds, int Threads, long Managed)
    {
        public static Level Now()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return new Level(Directory.GetFiles("/proc/self/fd").Length, Process.GetCurrentProcess().Threads.Count, GC.GetTotalMemory(true));
        }

        public void AssertNoGrowthSince(Level start)
        {
            Assert.True(Fds - start.Fds <= FdSlack, $"descriptors grew from {start.Fds} to {Fds}");
            Assert.True(Threads - start.Threads <= ThreadSlack, $"threads grew from {start.Threads} to {Threads}");
            Assert.True(Managed - start.Managed <= ManagedSlack, $"managed memory grew from {start.Managed:N0} to {Managed:N0} bytes");
        }
    }

    private static readonly byte[] Poem = Utf8(string.Concat(Enumerable.Repeat("A line that the client will never finish.\n", 20)));

    private static ReactorPoetryServer StartServer(RunningReactor running, double delaySeconds, int chunkSize = 10)
    {
        var server = new ReactorPoetryServer(running.Reactor,
            new PoetryServerOptions { PoemBytes = Poem, ChunkSize = chunkSize, Delay = TimeSpan.FromSeconds(delaySeconds) });
        server.Start();
        return server;
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Patience, $"timed out waiting for {what}");
            Thread.Sleep(5); // counters have no event to wait on
        }
    }

    private static Socket Connect(int port)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Connect(new IPEndPoint(IPAddress.Loopback, port));
        return s;
    }

    /// <summary>Closes with a reset (linger 0) on odd numbers, cleanly on even ones.</summary>
    private static void Leave(Socket s, int i)
    {
        if (i % 2 == 1) s.LingerState = new LingerOption(true, 0);
        s.Dispose();
    }

    [Fact]
    public void Ten_thousand_connect_disconnect_cycles_leave_nothing_behind()
    {
        const int cycles = 10_000;
        using var running = RunningReactor.Start(ReactorTestKit.Create(ReactorBackendKind.Default, new RecordingLog()));
        var server = StartServer(running, delaySeconds: 0.5);
        for (int i = 0; i < 100; i++) Leave(Connect(server.Port), i); // warm up the paths being measured
        WaitFor(() => server.Stats.ActiveConnections == 0 && server.Stats.ConnectionsAccepted == 100, "the warm-up to end");
        var start = Level.Now();
        var clock = Stopwatch.StartNew();

        for (int i = 0; i < cycles; i++) Leave(Connect(server.Port), i);
        WaitFor(() => server.Stats.ConnectionsAccepted == 100 + cycles && server.Stats.ActiveConnections == 0, "every connection to end");
        var elapsed = clock.Elapsed;

        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"{cycles} cycles took {elapsed}");
        Assert.Equal(100 + cycles, server.Stats.ConnectionsAborted + server.Stats.ConnectionsServed);
        using (var still = Connect(server.Port))
        {
            var first = new byte[10];
            still.ReceiveTimeout = (int)Patience.TotalMilliseconds;
            Assert.Equal(10, still.Receive(first));
            Assert.Equal(Poem[..10], first); // still serving, from the start of the poem
            Leave(still, 1);
        }
        WaitFor(() => server.Stats.ActiveConnections == 0, "the last client to go");
        Level.Now().AssertNoGrowthSince(start);
        server.Stop();
    }

    [Fact]
    public async Task A_thousand_clients_leaving_mid_poem_are_counted_and_the_server_keeps_serving()
    {
        const int clients = 1000;
        using var running = RunningReactor.Start(ReactorTestKit.Create(ReactorBackendKind.Default, new RecordingLog()));
        var server = StartServer(running, delaySeconds: 0.01);
        var fast = StartServer(running, delaySeconds: 0, chunkSize: 4096);
        var start = Level.Now();

        var sockets = new List<Socket>(clients);
        var buffer = new byte[16];
        for (int i = 0; i < clients; i++) sockets.Add(Connect(server.Port));
        foreach (var s in sockets)
        {
            s.ReceiveTimeout = (int)Patience.TotalMilliseconds;
            Assert.True(s.Receive(buffer) > 0, "no first chunk"); // mid-poem: the first chunk is in
        }
        for (int i = 0; i < clients; i++) Leave(sockets[i], i);
        WaitFor(() => server.Stats.ActiveConnections == 0, "the server to see every client leave");

        Assert.Equal(clients, server.Stats.ConnectionsAccepted);
        Assert.Equal(clients, server.Stats.ConnectionsAborted);
        Assert.Equal(0, server.Stats.ConnectionsServed);
        Assert.InRange(server.Stats.BytesSent, clients * 10L, clients * (long)Poem.Length - 1);
        IReadOnlyList<Poem> poems = await new ProtocolPoetryClient(running.Reactor)
            .FetchAsync([server.Address, fast.Address], new PoetryClientOptions { Timeout = TimeSpan.FromSeconds(5) }).WaitAsync(Patience);
        Assert.All(poems, p => Assert.Equal(Poem, p.GetBytes()));
        Assert.All(poems, p => Assert.True(p.Complete));
        Assert.Equal(1, server.Stats.ConnectionsServed);
        Level.Now().AssertNoGrowthSince(start);
        server.Stop();
        fast.Stop();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.005)]
    public async Task Clients_that_never_read_cannot_make_the_server_buffer_without_bound(double delaySeconds)
    {
        const int idle = 20;
        const int poemBytes = 8 * 1024 * 1024;
        using var running = RunningReactor.Start(ReactorTestKit.Create(ReactorBackendKind.Default, new RecordingLog()));
        byte[] big = NetTestKit.RandomBytes(poemBytes, seed: 11);
        var server = new ReactorPoetryServer(running.Reactor,
            new PoetryServerOptions { PoemBytes = big, ChunkSize = 64 * 1024, Delay = TimeSpan.FromSeconds(delaySeconds) });
        server.Start();
        var other = StartServer(running, delaySeconds: 0, chunkSize: 4096);
        var start = Level.Now();

        var stuck = Enumerable.Range(0, idle).Select(_ => NetTestKit.ConnectClient(server.Port, receiveBuffer: 4096)).ToList();
        WaitFor(() => server.Stats.ActiveConnections == idle, "every idle client to connect");
        // Let the producers run into the kernel buffers and pause.
        long before;
        do
        {
            before = server.Stats.BytesSent;
            await Task.Delay(200);
        }
        while (server.Stats.BytesSent != before);

        // Each idle connection holds at most the kernel's buffers plus the transport's high-water mark.
        Assert.InRange(server.Stats.BytesSent, idle, idle * (4L * 1024 * 1024 + 512 * 1024));
        Assert.True(server.Stats.BytesSent < idle * (long)poemBytes / 2, $"{server.Stats.BytesSent:N0} bytes went out to clients that read nothing");
        var clock = Stopwatch.StartNew();
        Poem served = await FetchOneAsync(PoetryClientMode.Protocol, other.Address, new PoetryClientOptions { Timeout = TimeSpan.FromSeconds(5) });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"a reading client waited {clock.Elapsed} behind the idle ones");
        Assert.Equal(Poem, served.GetBytes());
        Assert.True(Level.Now().Managed - start.Managed < 16 * 1024 * 1024, "the server's managed memory grew with the unread bytes");

        stuck.ForEach(s => Leave(s, 1));
        WaitFor(() => server.Stats.ActiveConnections == 0, "the idle clients to go");
        Assert.Equal(idle, server.Stats.ConnectionsAborted);
        server.Stop();
        other.Stop();
    }
}
