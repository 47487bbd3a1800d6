using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Servers;
using static PoetryReactor.Core.Tests.Poetry.PoetryTestSupport;

namespace PoetryReactor.Core.Tests.Poetry;

public class BlockingPoetryServerTests
{
    [Fact]
    public void Options_have_the_tutorial_defaults_and_validate()
    {
        var options = new PoetryServerOptions();

        Assert.Equal(10, options.ChunkSize);
        Assert.Equal(TimeSpan.FromSeconds(0.7), options.Delay);
        Assert.Equal(System.Net.IPAddress.Loopback, options.Interface);
        Assert.Equal(0, options.Port);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.ChunkSize = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.ChunkSize = -5);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.Delay = TimeSpan.FromSeconds(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => options.Port = 65536);
        options.Delay = TimeSpan.Zero;
        Assert.Equal(TimeSpan.Zero, options.Delay);
    }

    [Fact]
    public void Start_binds_a_real_port_and_reports_the_address()
    {
        using var server = new BlockingPoetryServer(new PoetryServerOptions { PoemBytes = Utf8("x") });
        Assert.Equal(0, server.Port);
        Assert.Throws<InvalidOperationException>(() => server.Address);

        server.Start();

        Assert.True(server.IsRunning);
        Assert.InRange(server.Port, 1, 65535);
        Assert.Equal($"127.0.0.1:{server.Port}", server.Address.ToString());
        Assert.Throws<InvalidOperationException>(() => server.Start());
        server.Stop();
        Assert.False(server.IsRunning);
        server.Stop();
    }

    [Fact]
    public void A_port_in_use_is_a_PoetryAddressInUse_error()
    {
        using BlockingPoetryServer first = StartServer(Utf8("x"));
        using var second = new BlockingPoetryServer(new PoetryServerOptions { PoemBytes = Utf8("y"), Port = first.Port });

        var e = Assert.Throws<PoetryException>(() => second.Start());

        Assert.Equal(PoetryErrorKind.AddressInUse, e.Kind);
        Assert.Contains(first.Port.ToString(), e.Message);
    }

    [Fact]
    public void Serves_chunks_with_events_and_counters()
    {
        byte[] poem = Utf8("0123456789abcdefghijXYZ");
        using BlockingPoetryServer server = StartServer(poem, chunkSize: 10, delaySeconds: 0.01);
        var events = new ConcurrentQueue<string>();
        using var finished = new ManualResetEventSlim();
        server.Stats.Connected += (_, e) => events.Enqueue($"connected {e.ConnectionNumber}");
        server.Stats.ChunkSent += (_, e) => events.Enqueue($"chunk {e.Bytes} {e.ConnectionBytes}");
        server.Stats.Finished += (_, e) => { events.Enqueue($"finished {e.ConnectionBytes}"); finished.Set(); };

        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        client.Connect(server.EndPoint!);
        byte[] received = ReadToEnd(client);

        Assert.True(finished.Wait(Patience));
        Assert.Equal(poem, received);
        Assert.Equal(["connected 1", "chunk 10 10", "chunk 10 20", "chunk 3 23", "finished 23"], events);
        Assert.Equal(1, server.Stats.ConnectionsAccepted);
        Assert.Equal(1, server.Stats.ConnectionsServed);
        Assert.Equal(0, server.Stats.ActiveConnections);
        Assert.Equal(23, server.Stats.BytesSent);
    }

    [Fact]
    public void Serves_one_client_at_a_time()
    {
        using BlockingPoetryServer server = StartServer(Utf8("one two three"), chunkSize: 4, delaySeconds: 0.02);
        var events = new ConcurrentQueue<string>();
        using var bothDone = new CountdownEvent(2);
        server.Stats.Connected += (_, e) => events.Enqueue($"connected {e.ConnectionNumber}");
        server.Stats.Finished += (_, e) => { events.Enqueue($"finished {e.ConnectionNumber}"); bothDone.Signal(); };

        using var first = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var second = new Socket(SocketType.Stream, ProtocolType.Tcp);
        first.Connect(server.EndPoint!);
        second.Connect(server.EndPoint!); // waits in the backlog
        Assert.Equal("one two three", System.Text.Encoding.UTF8.GetString(ReadToEnd(second)));

        Assert.True(bothDone.Wait(Patience));
        Assert.Equal(["connected 1", "finished 1", "connected 2", "finished 2"], events);
        Assert.Equal(2, server.Stats.ConnectionsServed);
    }

    [Fact]
    public void Stop_cuts_the_pause_short_and_aborts_the_current_client()
    {
        using BlockingPoetryServer server = StartServer(new byte[30], chunkSize: 10, delaySeconds: 60);
        using var aborted = new ManualResetEventSlim();
        Exception? reason = null;
        server.Stats.Aborted += (_, e) => { reason = e.Error; aborted.Set(); };
        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        client.Connect(server.EndPoint!);
        client.ReceiveTimeout = (int)Patience.TotalMilliseconds;
        Assert.Equal(10, client.Receive(new byte[100]));
        var clock = Stopwatch.StartNew();

        server.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Stop took {clock.Elapsed}");
        Assert.True(aborted.IsSet, "Stop returned before the connection was counted as aborted");
        Assert.IsType<OperationCanceledException>(reason);
        Assert.Equal(1, server.Stats.ConnectionsAborted);
        Assert.Equal(0, server.Stats.ConnectionsServed);
        Assert.Equal(0, server.Stats.ActiveConnections);
        Assert.Equal(0, client.Receive(new byte[100])); // the server closed its end
        using var late = new Socket(SocketType.Stream, ProtocolType.Tcp);
        Assert.Throws<SocketException>(() => late.Connect(server.EndPoint!));
    }

    [Fact]
    public void A_client_that_leaves_early_is_counted_as_aborted()
    {
        using BlockingPoetryServer server = StartServer(new byte[1000], chunkSize: 10, delaySeconds: 0.01);
        using var aborted = new ManualResetEventSlim();
        server.Stats.Aborted += (_, _) => aborted.Set();
        var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        client.Connect(server.EndPoint!);
        client.ReceiveTimeout = (int)Patience.TotalMilliseconds;
        client.Receive(new byte[5]);
        client.LingerState = new LingerOption(true, 0);
        client.Dispose();

        Assert.True(aborted.Wait(Patience));
        Assert.Equal(1, server.Stats.ConnectionsAborted);
        Assert.True(server.IsRunning);
    }

    [Fact]
    public void Delay_zero_sends_everything_without_pausing()
    {
        using BlockingPoetryServer server = StartServer(new byte[5000], chunkSize: 1, delaySeconds: 0);
        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        client.Connect(server.EndPoint!);

        Assert.Equal(5000, ReadToEnd(client).Length);
    }

    [Fact]
    public void A_throwing_event_handler_does_not_stop_the_server()
    {
        using BlockingPoetryServer server = StartServer(Utf8("still served"));
        server.Stats.ChunkSent += (_, _) => throw new InvalidOperationException("handler bug");
        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        client.Connect(server.EndPoint!);

        Assert.Equal("still served", System.Text.Encoding.UTF8.GetString(ReadToEnd(client)));
    }

    private static byte[] ReadToEnd(Socket socket)
    {
        socket.ReceiveTimeout = (int)Patience.TotalMilliseconds;
        var all = new MemoryStream();
        byte[] buffer = new byte[1024];
        int n;
        while ((n = socket.Receive(buffer)) > 0)
        {
            all.Write(buffer, 0, n);
            Assert.True(all.Length <= 1_000_000);
        }
        return all.ToArray();
    }
}
