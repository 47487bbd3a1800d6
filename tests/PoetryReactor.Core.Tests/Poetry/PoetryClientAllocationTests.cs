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
    // The bytes, the connection and the task's objects (about 2.5 KB measured); the decoded text
    // alone would add twice the bytes.
    private const int Allowance = PoemSize + 3 * 1024;

    [Fact]
    public async Task A_poem_costs_the_reactor_thread_its_bytes_and_a_few_objects_until_its_text_is_read()
    {
        byte[] poem = Utf8(new string('x', PoemSize - 1) + "\n");
        using var serverReactor = RunningReactor.Start(ReactorTestKit.Create(ReactorBackendKind.Default, new RecordingLog()));
        using var clientReactor = RunningReactor.Start(ReactorTestKit.Create(ReactorBackendKind.Default, new RecordingLog()));
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
            long after = await reactor.InvokeAsync(() => GC.GetAllocatedBytesForCurrentThread()).WaitAsync(Patience);

            Assert.All(poems, p => Assert.True(p.Complete, p.Error?.ToString()));
            long perPoem = (after - before) / Poems;
            Assert.True(perPoem <= Allowance, $"{perPoem} bytes per {PoemSize}-byte poem on the reactor thread (allowed {Allowance})");
            Assert.Equal(poem.Length, poems[0].Text.Length); // and the text is there when asked for
        }
        finally
        {
            server.Stop();
        }
    }
}
