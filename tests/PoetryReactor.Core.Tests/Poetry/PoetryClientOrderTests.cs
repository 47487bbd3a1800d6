using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Core.Poetry.Servers;
using static PoetryReactor.Core.Tests.Poetry.PoetryTestSupport;

namespace PoetryReactor.Core.Tests.Poetry;

/// <summary>
/// Three slow servers listed longest first (20, 10 and 2 chunks, 30 ms apart): the blocking
/// client finishes them in list order, the concurrent ones shortest first. Only the order of
/// completion events is asserted; the 240 ms gaps between the servers' finishing times keep
/// the order stable on a busy machine.
/// </summary>
public sealed class PoetryClientOrderTests : IDisposable
{
    private readonly BlockingPoetryServer[] _servers =
    [
        StartServer(new byte[200], chunkSize: 10, delaySeconds: 0.03),
        StartServer(new byte[100], chunkSize: 10, delaySeconds: 0.03),
        StartServer(new byte[20], chunkSize: 10, delaySeconds: 0.03),
    ];

    public void Dispose()
    {
        foreach (BlockingPoetryServer server in _servers)
        {
            server.Dispose();
        }
    }

    [Fact]
    public async Task Blocking_client_completes_in_address_order()
    {
        int[] order = await CompletionOrder(PoetryClientMode.Blocking);
        Assert.Equal([1, 2, 3], order);
    }

    [Theory]
    [MemberData(nameof(ConcurrentModes), MemberType = typeof(PoetryTestSupport))]
    public async Task Concurrent_clients_complete_the_shortest_poem_first(PoetryClientMode mode)
    {
        int[] order = await CompletionOrder(mode);
        Assert.Equal([3, 2, 1], order);
    }

    private async Task<int[]> CompletionOrder(PoetryClientMode mode)
    {
        var completed = new List<int>();
        var options = new PoetryClientOptions { PoemCompleted = p => completed.Add(p.TaskNumber) };

        IReadOnlyList<Poem> poems = await Client(mode).FetchAsync(_servers.Select(s => s.Address).ToArray(), options)
            .WaitAsync(Patience);

        Assert.All(poems, p => Assert.True(p.Complete));
        Assert.Equal(completed, poems.Select(p => p.TaskNumber));
        Assert.Equal([200, 100, 20], poems.OrderBy(p => p.TaskNumber).Select(p => p.Bytes));
        return completed.ToArray();
    }
}
