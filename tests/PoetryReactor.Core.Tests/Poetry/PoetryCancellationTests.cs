using System.Diagnostics;
using PoetryReactor.Core.Poetry;
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
