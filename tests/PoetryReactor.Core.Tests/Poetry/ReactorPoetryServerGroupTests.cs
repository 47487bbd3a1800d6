using System.Net.Sockets;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Servers;
using PoetryReactor.Core.Tests.Net;
using static PoetryReactor.Core.Tests.Poetry.PoetryTestSupport;

namespace PoetryReactor.Core.Tests.Poetry;

/// <summary>One poetry server over several running reactors: whole poems, shares that add up, one limit, one stop.</summary>
public sealed class ReactorPoetryServerGroupTests : IDisposable
{
    private readonly List<RunningReactor> _reactors = new();

    public static TheoryData<WorkerAccept> Accepts()
    {
        var data = new TheoryData<WorkerAccept> { WorkerAccept.RoundRobin };
        if (TcpExtensions.ReusePortBalances) data.Add(WorkerAccept.ReusePort);
        return data;
    }

    public void Dispose() => _reactors.ForEach(r => r.Dispose());

    [Theory, MemberData(nameof(Accepts))]
    public void Every_poem_arrives_whole_and_the_workers_shares_add_up_to_the_whole(WorkerAccept accept)
    {
        var poem = NetTestKit.RandomBytes(3000, seed: 7);
        using var server = Start(3, accept, new PoetryServerOptions { PoemBytes = poem, Delay = TimeSpan.Zero, ChunkSize = 1000 });

        for (int i = 0; i < 240; i++)
        {
            using var client = NetTestKit.ConnectClient(server.Port);
            Assert.Equal(poem, NetTestKit.ReadToEnd(client));
        }

        WaitFor(() => server.Stats.ConnectionsServed == 240, "every connection to be counted as served");
        Assert.Equal(240, server.Stats.ConnectionsAccepted);
        Assert.Equal(240L * poem.Length, server.Stats.BytesSent);
        Assert.All(server.Workers, w => Assert.True(w.Stats.ConnectionsServed > 0, "every worker served some"));
        Assert.Equal(240, server.Workers.Sum(w => w.Stats.ConnectionsServed));
        Assert.Equal(server.Stats.BytesSent, server.Workers.Sum(w => w.Stats.BytesSent));
        Assert.All(server.Workers, w => Assert.Equal(server.Port, w.Port));
        Assert.Equal(0, server.Stats.ActiveConnections);
    }

    [Theory, MemberData(nameof(Accepts))]
    public void MaxConnections_bounds_the_whole_server_not_each_worker(WorkerAccept accept)
    {
        using var server = Start(2, accept, new PoetryServerOptions { PoemBytes = Utf8("slow"), Delay = TimeSpan.FromHours(1), ChunkSize = 1, MaxConnections = 3 });
        var held = new List<Socket>();
        try
        {
            // Open until three are being served; the ones after are refused, whichever worker gets them.
            for (int i = 0; i < 8; i++) held.Add(NetTestKit.ConnectClient(server.Port));
            WaitFor(() => server.Stats.ConnectionsAccepted + server.Stats.ConnectionsRefused == 8, "all eight to be seen");
            Assert.Equal(3, server.Stats.ActiveConnections);
            Assert.Equal(5, server.Stats.ConnectionsRefused);
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }
    }

    [Theory, MemberData(nameof(Accepts))]
    public void Stop_closes_every_workers_connections_and_frees_the_port(WorkerAccept accept)
    {
        var server = Start(3, accept, new PoetryServerOptions { PoemBytes = Utf8("a poem that takes its time"), Delay = TimeSpan.FromHours(1), ChunkSize = 1 });
        var clients = Enumerable.Range(0, 30).Select(_ => NetTestKit.ConnectClient(server.Port)).ToList();
        try
        {
            WaitFor(() => server.Stats.ActiveConnections == 30, "thirty connections");
            Assert.True(server.Workers.Count(w => w.Stats.ActiveConnections > 0) >= 2, "the connections are spread");
            server.Stop();
            Assert.False(server.IsRunning);
            foreach (var client in clients) Assert.Equal(Utf8("a"), NetTestKit.ReadToEnd(client)); // the first chunk, then the close
            WaitFor(() => server.Stats.ConnectionsAborted == 30, "thirty aborted connections");
            using var rebind = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            rebind.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, server.Port));
            server.Stop(); // again: nothing
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public void A_port_in_use_is_AddressInUse_and_nothing_listens()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        taken.Listen();
        int port = ((System.Net.IPEndPoint)taken.LocalEndPoint!).Port;
        var server = new ReactorPoetryServerGroup(Reactors(2), new PoetryServerOptions { PoemBytes = Utf8("x"), Port = port }, WorkerPorts.DefaultAccept);
        var e = Assert.Throws<PoetryException>(() => server.Start(ReactorTestKit.Patience));
        Assert.Equal(PoetryErrorKind.AddressInUse, e.Kind);
        Assert.False(server.IsRunning);
    }

    private ReactorPoetryServerGroup Start(int workers, WorkerAccept accept, PoetryServerOptions options)
    {
        var server = new ReactorPoetryServerGroup(Reactors(workers), options, accept);
        server.Start(ReactorTestKit.Patience);
        Assert.True(server.IsRunning);
        Assert.NotEqual(0, server.Port);
        return server;
    }

    private Reactor[] Reactors(int count)
    {
        var started = Enumerable.Range(0, count).Select(_ => NetTestKit.Start(ReactorBackendKind.Default)).ToArray();
        _reactors.AddRange(started);
        return started.Select(r => r.Reactor).ToArray();
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + ReactorTestKit.Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            Thread.Sleep(5);
        }
    }
}
