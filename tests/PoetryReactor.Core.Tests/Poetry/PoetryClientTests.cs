using System.Diagnostics;
using System.Net.Sockets;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Core.Poetry.Servers;
using static PoetryReactor.Core.Tests.Poetry.PoetryTestSupport;

namespace PoetryReactor.Core.Tests.Poetry;

/// <summary>Every client model against real loopback servers.</summary>
public class PoetryClientTests
{
    private const string MultiByte = "Café, naïve crème brûlée: 月 灯 海 茶 — ¡salud!\n";

    [Theory]
    [MemberData(nameof(Modes), MemberType = typeof(PoetryTestSupport))]
    public async Task Fetches_a_poem_byte_exact(PoetryClientMode mode)
    {
        byte[] poem = Utf8(string.Concat(Enumerable.Repeat("This is a test.\nThis is only a test.\n", 40)));
        using BlockingPoetryServer server = StartServer(poem, chunkSize: 100);

        Poem result = await FetchOneAsync(mode, server.Address);

        Assert.True(result.Complete, result.Error?.ToString());
        Assert.Equal(poem, result.GetBytes());
        Assert.Equal(poem.Length, result.Bytes);
        Assert.Equal(1, result.TaskNumber);
        Assert.Equal(server.Address.ToString(), result.Address);
        Assert.Equal(mode, result.Mode);
        Assert.InRange(result.Chunks, 1, poem.Length);
        Assert.NotNull(result.FirstByteTime);
        Assert.True(result.EndTime >= result.StartTime);
    }

    [Theory]
    [MemberData(nameof(Modes), MemberType = typeof(PoetryTestSupport))]
    public async Task Multi_byte_text_sent_a_byte_at_a_time_arrives_whole(PoetryClientMode mode)
    {
        byte[] poem = Utf8(MultiByte);
        using BlockingPoetryServer server = StartServer(poem, chunkSize: 1, delaySeconds: 0.001);
        var chunks = new List<ChunkEvent>();

        Poem result = await FetchOneAsync(mode, server.Address, new PoetryClientOptions { ChunkReceived = chunks.Add });

        Assert.True(result.Complete);
        Assert.Equal(MultiByte, result.Text);
        Assert.False(result.HasInvalidUtf8);
        Assert.Equal(poem.Length, server.Stats.BytesSent);
        Assert.Equal(poem.Length, chunks.Sum(c => c.Bytes));
        Assert.Equal(result.Chunks, chunks.Count);
        Assert.True(result.Chunks > 1, "a byte-at-a-time poem arrived in one read");
        Assert.Equal(Enumerable.Range(1, chunks.Count).Select(i => chunks.Take(i).Sum(c => c.Bytes)), chunks.Select(c => c.TotalBytes));
    }

    [Theory]
    [MemberData(nameof(Modes), MemberType = typeof(PoetryTestSupport))]
    public async Task Invalid_utf8_is_replaced_and_flagged(PoetryClientMode mode)
    {
        using BlockingPoetryServer server = StartServer([0x4F, 0x64, 0xC3, 0x28, 0x65]);

        Poem result = await FetchOneAsync(mode, server.Address);

        Assert.True(result.Complete);
        Assert.True(result.HasInvalidUtf8);
        Assert.Equal("Od\uFFFD(e", result.Text);
        Assert.Equal([0x4F, 0x64, 0xC3, 0x28, 0x65], result.GetBytes());
    }

    [Theory]
    [MemberData(nameof(Modes), MemberType = typeof(PoetryTestSupport))]
    public async Task A_refused_address_fails_and_the_others_complete(PoetryClientMode mode)
    {
        using BlockingPoetryServer first = StartServer(Utf8("first poem"));
        using BlockingPoetryServer last = StartServer(Utf8("last poem"));
        using Socket refusing = BindRefusingPort(out HostPort refused);
        var reported = new List<Poem>();

        IReadOnlyList<Poem> poems = await Client(mode)
            .FetchAsync([first.Address, refused, last.Address], new PoetryClientOptions { PoemCompleted = reported.Add })
            .WaitAsync(Patience);

        Assert.Equal(reported, poems);
        Poem failed = Assert.Single(poems, p => p.TaskNumber == 2);
        Assert.False(failed.Complete);
        Assert.Equal(PoetryErrorKind.ConnectionRefused, ErrorKind(failed));
        Assert.Equal(refused.ToString(), ((PoetryException)failed.Error!).Target);
        Assert.Equal(0, failed.Bytes);
        Assert.Equal("first poem", Assert.Single(poems, p => p.TaskNumber == 1).Text);
        Assert.Equal("last poem", Assert.Single(poems, p => p.TaskNumber == 3).Text);
    }

    [Theory]
    [MemberData(nameof(Modes), MemberType = typeof(PoetryTestSupport))]
    public async Task A_reset_mid_poem_is_a_lost_connection_with_the_partial_bytes(PoetryClientMode mode)
    {
        using var gotPart = new ManualResetEventSlim();
        using var server = new ScriptedServer((client, stop) =>
        {
            client.Send(Utf8("half a po"));
            gotPart.Wait(stop);
            client.LingerState = new LingerOption(true, 0); // close with RST
            client.Close();
        });

        Poem result = await FetchOneAsync(mode, server.Address, new PoetryClientOptions { ChunkReceived = _ => gotPart.Set() });

        Assert.False(result.Complete);
        Assert.Equal(PoetryErrorKind.ConnectionLost, ErrorKind(result));
        Assert.Equal("half a po", result.Text);
    }

    /// <summary>
    /// The protocol has no length, so a server that stops early but closes cleanly cannot be
    /// told from one whose poem is short: the poem is complete, and short.
    /// </summary>
    [Theory]
    [MemberData(nameof(Modes), MemberType = typeof(PoetryTestSupport))]
    public async Task A_clean_close_mid_poem_looks_like_a_short_complete_poem(PoetryClientMode mode)
    {
        using var server = new ScriptedServer((client, _) =>
        {
            client.Send(Utf8("half a po"));
            client.Shutdown(SocketShutdown.Send);
        });

        Poem result = await FetchOneAsync(mode, server.Address);

        Assert.True(result.Complete);
        Assert.Equal("half a po", result.Text);
    }

    [Theory]
    [MemberData(nameof(Modes), MemberType = typeof(PoetryTestSupport))]
    public async Task A_server_that_never_writes_times_out(PoetryClientMode mode)
    {
        using var server = new ScriptedServer((_, stop) => stop.WaitHandle.WaitOne());
        var clock = Stopwatch.StartNew();

        Poem result = await FetchOneAsync(mode, server.Address, new PoetryClientOptions { Timeout = TimeSpan.FromMilliseconds(300) });

        Assert.False(result.Complete);
        Assert.Equal(PoetryErrorKind.Timeout, ErrorKind(result));
        Assert.Equal(PoetryErrorKind.Timeout, ((PoetryException)result.Error!).Kind);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"timed out after only {clock.Elapsed}");
    }

    [Theory]
    [MemberData(nameof(Modes), MemberType = typeof(PoetryTestSupport))]
    public async Task A_poem_over_MaxBytes_is_cut_and_fails_as_too_large(PoetryClientMode mode)
    {
        using BlockingPoetryServer server = StartServer(new byte[10_000], chunkSize: 1000);

        Poem result = await FetchOneAsync(mode, server.Address, new PoetryClientOptions { MaxBytes = 2500, ReceiveBufferSize = 700 });

        Assert.False(result.Complete);
        Assert.Equal(PoetryErrorKind.TooLarge, ErrorKind(result));
        Assert.Equal(2500, result.Bytes);
    }

    [Theory]
    [MemberData(nameof(Modes), MemberType = typeof(PoetryTestSupport))]
    public async Task An_unknown_host_is_not_found(PoetryClientMode mode)
    {
        Poem result = await FetchOneAsync(mode, HostPort.Parse("no-such-poetry-host.invalid:10000"));

        Assert.False(result.Complete);
        Assert.Equal(PoetryErrorKind.HostNotFound, ErrorKind(result));
    }

    [Theory]
    [MemberData(nameof(Modes), MemberType = typeof(PoetryTestSupport))]
    public async Task Host_names_and_IPv6_literals_resolve(PoetryClientMode mode)
    {
        using BlockingPoetryServer v4 = StartServer(Utf8("by name"));
        var v6 = new BlockingPoetryServer(new PoetryServerOptions { PoemBytes = Utf8("by v6"), Interface = System.Net.IPAddress.IPv6Loopback });
        using (v6)
        {
            v6.Start();

            IReadOnlyList<Poem> poems = await Client(mode)
                .FetchAsync([HostPort.Parse($"localhost:{v4.Port}"), v6.Address]).WaitAsync(Patience);

            Assert.Equal("by name", Assert.Single(poems, p => p.TaskNumber == 1).Text);
            Poem byV6 = Assert.Single(poems, p => p.TaskNumber == 2);
            Assert.Equal("by v6", byV6.Text);
            Assert.Equal($"[::1]:{v6.Port}", byV6.Address);
        }
    }

    [Theory]
    [MemberData(nameof(Modes), MemberType = typeof(PoetryTestSupport))]
    public async Task An_empty_list_gives_no_poems_and_a_list_with_null_is_refused(PoetryClientMode mode)
    {
        Assert.Empty(await Client(mode).FetchAsync([]));
        await Assert.ThrowsAsync<ArgumentException>(() => Client(mode).FetchAsync([null!]));
    }

    [Theory]
    [MemberData(nameof(Modes), MemberType = typeof(PoetryTestSupport))]
    public async Task A_throwing_callback_ends_the_fetch_with_its_exception(PoetryClientMode mode)
    {
        using BlockingPoetryServer server = StartServer(Utf8("a poem"));
        var options = new PoetryClientOptions { PoemCompleted = _ => throw new InvalidTimeZoneException("from the callback") };

        var e = await Assert.ThrowsAsync<InvalidTimeZoneException>(
            () => Client(mode).FetchAsync([server.Address, server.Address], options).WaitAsync(Patience));

        Assert.Equal("from the callback", e.Message);
    }

    [Fact]
    public async Task Threaded_tasks_run_on_distinct_threads_and_select_on_one()
    {
        using BlockingPoetryServer a = StartServer(Utf8("aaaa"));
        using BlockingPoetryServer b = StartServer(Utf8("bbbb"));

        IReadOnlyList<Poem> threaded = await new ThreadedPoetryClient().FetchAsync([a.Address, b.Address]).WaitAsync(Patience);
        IReadOnlyList<Poem> selected = await new SelectPoetryClient().FetchAsync([a.Address, b.Address]).WaitAsync(Patience);

        Assert.NotEqual(Assert.Single(threaded[0].ThreadIds), Assert.Single(threaded[1].ThreadIds));
        Assert.Equal(Assert.Single(selected[0].ThreadIds), Assert.Single(selected[1].ThreadIds));
        Assert.NotEqual(Environment.CurrentManagedThreadId, selected[0].ThreadIds[0]);
    }

    // The tutorial's tests/test_poetry.py, test_client: the correct poem is returned.
    [Theory]
    [MemberData(nameof(Modes), MemberType = typeof(PoetryTestSupport))]
    public async Task Tutorial_test_client(PoetryClientMode mode)
    {
        const string testPoem = "This is a test.\nThis is only a test.";
        using BlockingPoetryServer server = StartServer(Utf8(testPoem));

        Assert.Equal(testPoem, (await FetchOneAsync(mode, server.Address)).Text);
    }

    // test_failure: connecting to a port with no server fails with connection refused.
    [Theory]
    [MemberData(nameof(Modes), MemberType = typeof(PoetryTestSupport))]
    public async Task Tutorial_test_failure(PoetryClientMode mode)
    {
        using Socket refusing = BindRefusingPort(out HostPort nobody);

        Assert.Equal(PoetryErrorKind.ConnectionRefused, ErrorKind(await FetchOneAsync(mode, nobody)));
    }
}
