using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core;
using PoetryReactor.Core.Net;

namespace BacklogBench;

/// <summary>
/// Chooses ListenTcp's default backlog: a reactor port with each backlog accepts N clients that all
/// connect at once (non-blocking connects started in a tight loop); reports how many connected
/// within 0.5 s and how long the last one took. SYNs dropped by a full accept queue are retried by
/// the kernel only after 1 s, which is what a too-small backlog costs.
/// Usage: BacklogBench [clients=1000] [rounds=3] [backlogs=50,1024]
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        int clients = args.Length > 0 ? int.Parse(args[0]) : 1000;
        int rounds = args.Length > 1 ? int.Parse(args[1]) : 3;
        int[] backlogs = (args.Length > 2 ? args[2] : "50,1024").Split(',').Select(int.Parse).ToArray();
        Console.WriteLine($"somaxconn={File.ReadAllText("/proc/sys/net/core/somaxconn").Trim()}, clients={clients}");
        Console.WriteLine("| backlog | round | connected within 0.5 s | all connected after (ms) | accepted within 10 s | last accept after (ms) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        for (int round = 1; round <= rounds; round++)
        {
            foreach (int backlog in round % 2 == 1 ? backlogs : backlogs.Reverse().ToArray())
            {
                var (fast, lastMs, accepted, lastAcceptMs) = Measure(backlog, clients);
                Console.WriteLine($"| {backlog} | {round} | {fast} | {lastMs:0} | {accepted} | {lastAcceptMs:0} |");
            }
        }
        return 0;
    }

    private static (int Fast, double LastMs, int Accepted, double LastAcceptMs) Measure(int backlog, int clients)
    {
        using var reactor = new Reactor();
        var clock = new Stopwatch();
        var factory = new CountingFactory(clock);
        var ready = new ManualResetEventSlim();
        IListeningPort? port = null;
        reactor.CallWhenRunning(() =>
        {
            port = reactor.ListenTcp(0, factory, backlog: backlog);
            ready.Set();
        });
        var thread = new Thread(reactor.Run) { IsBackground = true };
        thread.Start();
        if (!ready.Wait(TimeSpan.FromSeconds(10))) throw new TimeoutException("reactor did not start");

        var target = new IPEndPoint(IPAddress.Loopback, port!.Port);
        var sockets = new Socket[clients];
        var tasks = new Task<double>[clients];
        clock.Start();
        for (int i = 0; i < clients; i++)
        {
            var socket = sockets[i] = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tasks[i] = socket.ConnectAsync(target).ContinueWith(_ => clock.Elapsed.TotalMilliseconds);
        }
        Task.WaitAll(tasks, TimeSpan.FromSeconds(30));
        double[] times = tasks.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result).ToArray();
        // Polling is fine here: this is a measurement, and 10 ms is far below what it measures.
        while (factory.Accepted < times.Length && clock.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(10);
        int accepted = factory.Accepted;
        double lastAccept = factory.LastAcceptMs;
        foreach (var s in sockets) s.Dispose();
        reactor.CallFromThread(reactor.Stop);
        thread.Join();
        return (times.Count(t => t <= 500), times.Length == clients ? times.Max() : double.NaN, accepted, lastAccept);
    }

    private sealed class CountingFactory(Stopwatch clock) : ServerFactory
    {
        private int _accepted;

        public int Accepted => Volatile.Read(ref _accepted);

        public double LastAcceptMs { get; private set; }

        public override Protocol? BuildProtocol(EndPoint address)
        {
            Interlocked.Increment(ref _accepted);
            LastAcceptMs = clock.Elapsed.TotalMilliseconds;
            return new Protocol { Factory = this };
        }
    }
}
