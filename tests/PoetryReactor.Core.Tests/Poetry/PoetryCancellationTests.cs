using System.Diagnostics;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Core.Poetry.Servers;
using static PoetryReactor.Core.Tests.Poetry.PoetryTestSupport;

namespace PoetryReactor.Core.Tests.Poetry;

/// <summary>Tests that count this process's sockets, so nothing else may run beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SocketCountingCollection
{
    public const string Name = "Socket counting";
}

/// <summary>
/// Cancelling mid-fetch ends FetchAsync with OperationCanceledException promptly and leaves
/// none of the client's sockets open.
/// </summary>
[Collection(SocketCountingCollection.Name)]
public class PoetryCancellationTests
{
    [Theory]
    [MemberData(nameof(Modes), MemberType = typeof(PoetryTestSupport))]
    public async Task Cancel_mid_fetch_ends_promptly_and_closes_every_socket(PoetryClientMode mode)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        int before = CountOpenSockets();
        // Ten bytes, then a 60 s pause that only cancellation can cut short.
        BlockingPoetryServer[] servers = Enumerable.Range(0, 3)
            .Select(_ => StartServer(new byte[100], chunkSize: 10, delaySeconds: 60)).ToArray();
        try
        {
            // The blocking client reaches only the first server; the others reach all three.
            int connecting = mode == PoetryClientMode.Blocking ? 1 : 3;
            var started = new HashSet<int>();
            using var allReading = new ManualResetEventSlim();
            using var cancel = new CancellationTokenSource();
            var options = new PoetryClientOptions
            {
                ChunkReceived = c =>
                {
                    started.Add(c.TaskNumber);
                    if (started.Count == connecting)
                    {
                        allReading.Set();
                    }
                },
            };

            Task<IReadOnlyList<Poem>> fetch = Client(mode).FetchAsync(servers.Select(s => s.Address).ToArray(), options, cancel.Token);
            Assert.True(allReading.Wait(Patience), "the tasks never received their first chunk");
            var clock = Stopwatch.StartNew();
            cancel.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch.WaitAsync(Patience));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"cancellation took {clock.Elapsed}");
            Assert.True(fetch.IsCanceled);
            // Left: the servers' listeners and their ends of the connections, nothing of the client's.
            long serverSide = servers.Sum(s => s.Stats.ActiveConnections);
            Assert.Equal(connecting, serverSide);
            Assert.Equal(before + servers.Length + serverSide, CountOpenSockets());
        }
        finally
        {
            foreach (BlockingPoetryServer server in servers)
            {
                server.Stop();
            }
        }
        Assert.Equal(before, CountOpenSockets());
    }

    [Theory]
    [MemberData(nameof(Modes), MemberType = typeof(PoetryTestSupport))]
    public async Task A_token_cancelled_before_the_fetch_starts_opens_nothing(PoetryClientMode mode)
    {
        using BlockingPoetryServer server = StartServer(Utf8("unread"));

        Task<IReadOnlyList<Poem>> fetch = Client(mode).FetchAsync([server.Address], null, new CancellationToken(true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch);
        Assert.Equal(0, server.Stats.ConnectionsAccepted);
    }
}

/// <summary>Cancelling a reactor client's fetch on a shared reactor closes its sockets on that reactor, which runs on.</summary>
[Collection(SocketCountingCollection.Name)]
public class ReactorPoetryCancellationTests
{
    public static IEnumerable<object[]> ReactorModes => [[PoetryClientMode.Reader], [PoetryClientMode.Protocol]];

    [Theory]
    [MemberData(nameof(ReactorModes))]
    public async Task Cancel_on_a_shared_reactor_closes_every_client_socket(PoetryClientMode mode)
    {
        using var running = RunningReactor.Start(ReactorTestKit.Create(ReactorBackendKind.Default, new RecordingLog()));
        var server = new ReactorPoetryServer(running.Reactor, new PoetryServerOptions { PoemBytes = new byte[100], ChunkSize = 10, Delay = TimeSpan.FromSeconds(60) });
        server.Start();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        int before = CountOpenSockets();
        using var allReading = new ManualResetEventSlim();
        using var cancel = new CancellationTokenSource();
        var started = new HashSet<int>();
        var options = new PoetryClientOptions
        {
            ChunkReceived = c =>
            {
                started.Add(c.TaskNumber);
                if (started.Count == 3) allReading.Set();
            },
        };

        Task<IReadOnlyList<Poem>> fetch = Client(mode, running.Reactor).FetchAsync([server.Address, server.Address, server.Address], options, cancel.Token);
        Assert.True(allReading.Wait(Patience), "the tasks never received their first chunk");
        Assert.Equal(before + 6, CountOpenSockets());
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch.WaitAsync(Patience));
        Assert.True(fetch.IsCanceled);
        // The server's ends close as soon as the reactor sees the resets.
        using var allClosed = new ManualResetEventSlim();
        server.Stats.Aborted += (_, _) => { if (server.Stats.ActiveConnections == 0) allClosed.Set(); };
        if (server.Stats.ActiveConnections == 0) allClosed.Set();
        Assert.True(allClosed.Wait(Patience), "the server still holds connections");
        Assert.Equal(before, CountOpenSockets());
        Assert.True(running.Reactor.IsRunning);
    }
}
