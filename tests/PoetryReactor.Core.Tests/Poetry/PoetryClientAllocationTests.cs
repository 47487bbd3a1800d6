using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Core.Poetry.Servers;
using static PoetryReactor.Core.Tests.Poetry.PoetryTestSupport;

namespace PoetryReactor.Core.Tests.Poetry;

/// <summary>
/// What a fetch allocates on the reactor thread: each poem's bytes and its bookkeeping, not its
/// text, which is decoded when first read. Counted on the reactor thread alone, so tests running
/// beside it do not count.
/// </summary>
public sealed class PoetryClientAllocationTests
{
    private const int Poems = 100;
    private const int PoemSize = 2048;

    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    [Theory, MemberData(nameof(Backends))]
    public async Task A_poem_costs_the_reactor_thread_its_bytes_and_a_few_objects_until_its_text_is_read(ReactorBackendKind backend)
    {
        // Besides the bytes: the connection and the task's objects, measured at about 2.5 KB on raw
        // descriptors and 3.8 KB on .NET sockets, with room for connects that wait for writability
        // on a busy machine. The decoded text alone would add twice the bytes (4 KB).
        int allowance = PoemSize + (backend == ReactorBackendKind.Epoll ? 3584 : 5120);
        byte[] poem = Utf8(new string('x', PoemSize - 1) + "\n");
        using var serverReactor = RunningReactor.Start(ReactorTestKit.Create(backend, new RecordingLog()));
        using var clientReactor = RunningReactor.Start(ReactorTestKit.Create(backend, new RecordingLog()));
        var server = new ReactorPoetryServer(serverReactor.Reactor,
            new PoetryServerOptions { PoemBytes = poem, ChunkSize = PoemSize, Delay = TimeSpan.Zero });
        server.Start();
        try
        {
            var reactor = clientReactor.Reactor;
            var client = new ProtocolPoetryClient(reactor);
            var addresses = Enumerable.Range(0, Poems).Select(_ => server.Address).ToList();
            await client.FetchAsync(addresses).WaitAsync(Patience); // first use: code and statics settle

            long before = await reactor.InvokeAsync(() => GC.GetAllocatedBytesForCurrentThread()).WaitAsync(Patience);
            var poems = await client.FetchAsync(addresses).WaitAsync(Patience);
            long fetched = await reactor.InvokeAsync(() => GC.GetAllocatedBytesForCurrentThread()).WaitAsync(Patience);
            int chars = await reactor.InvokeAsync(() => poems.Sum(p => p.Text.Length)).WaitAsync(Patience);
            long read = await reactor.InvokeAsync(() => GC.GetAllocatedBytesForCurrentThread()).WaitAsync(Patience);

            Assert.All(poems, p => Assert.True(p.Complete, p.Error?.ToString()));
            long perPoem = (fetched - before) / Poems;
            Assert.True(perPoem <= allowance, $"{perPoem} bytes per {PoemSize}-byte poem on the reactor thread (allowed {allowance})");
            // The text is made when read, there and then: two bytes a character.
            Assert.Equal(Poems * poem.Length, chars);
            Assert.True((read - fetched) / Poems >= 2 * PoemSize, $"reading the text allocated {(read - fetched) / Poems} bytes a poem");
        }
        finally
        {
            server.Stop();
        }
    }
}
