using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PoetryReactor.Core;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Servers;

namespace ServerHost;

/// <summary>
/// Our side of the benchmarks.
///   serve --backend Default|Epoll|Select --mode fast|slow [--size 2048] [--servers 1]
///     runs ReactorPoetryServer(s) on one reactor thread (named "reactor"), prints "PORT p [p ...]",
///     serves until stdin closes. fast: whole poem at once; slow: 100 bytes every 0.1 s.
///   serve ... --workers N [--accept ReusePort|RoundRobin]
///     one ReactorPoetryServerGroup over N reactors, each on its own thread ("reactor", "reactor 2"...),
///     as Start-PoetryServer -Workers N runs it.
///   fetch --port P --count N [--repeat R]   (R fetches of N in one process: the first, then warm)
///     ProtocolPoetryClient (twisted-client-2's design) on a reactor of its own: one poem, then N
///     poems from 127.0.0.1:P at once; one JSON line (for counting the client's syscalls).
///   udp-echo --backend Default|Epoll|Select
///     a Core UDP echo port (UdpEcho.cs).
///   timers [--quick]
///     schedule/cancel cost at 1 .. 100,000 pending delayed calls, and the lateness of a 10 ms
///     CallLater on an idle running reactor; one JSON line.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var map = new Dictionary<string, string>();
        for (int i = 1; i + 1 < args.Length; i += 2) map[args[i].TrimStart('-')] = args[i + 1];
        string Get(string k, string d) => map.TryGetValue(k, out var v) ? v : d;
        switch (args.Length > 0 ? args[0] : "")
        {
            case "serve" when int.Parse(Get("workers", "1")) > 1:
                return ServeOnWorkers(Enum.Parse<ReactorBackendKind>(Get("backend", "Default")), Get("mode", "fast"),
                    int.Parse(Get("size", "2048")), Math.Clamp(int.Parse(Get("workers", "1")), 2, 64),
                    Enum.Parse<PoetryReactor.Core.Net.WorkerAccept>(Get("accept", PoetryReactor.Core.Net.WorkerPorts.DefaultAccept.ToString())));
            case "serve":
                return Serve(Enum.Parse<ReactorBackendKind>(Get("backend", "Default")), Get("mode", "fast"),
                    int.Parse(Get("size", "2048")), Math.Clamp(int.Parse(Get("servers", "1")), 1, 16));
            case "fetch":
                Console.WriteLine(JsonSerializer.Serialize(Fetch(int.Parse(Get("port", "0")), Math.Clamp(int.Parse(Get("count", "1000")), 1, 20_000), Math.Clamp(int.Parse(Get("repeat", "1")), 1, 100))));
                return 0;
            case "udp-echo":
                return UdpEcho.Run(Enum.Parse<ReactorBackendKind>(Get("backend", "Default")), Math.Clamp(int.Parse(Get("batch", "32")), 1, 32));
            case "timers":
                Console.WriteLine(JsonSerializer.Serialize(TimerProbe.Run(args.Contains("--quick"))));
                return 0;
            default:
                Console.Error.WriteLine("usage: ServerHost serve|fetch|udp-echo|timers ...");
                return 2;
        }
    }

    private static object Fetch(int port, int count, int repeat)
    {
        var reactor = new Reactor();
        var thread = new Thread(reactor.Run) { Name = "reactor", IsBackground = true };
        thread.Start();
        var client = new PoetryReactor.Core.Poetry.Clients.ProtocolPoetryClient(reactor);
        var address = PoetryReactor.Core.Net.HostPort.Parse("127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
        client.FetchAsync([address]).GetAwaiter().GetResult();
        // --repeat: the same fetch again in the now warm process; seconds is the first.
        var times = new List<double>();
        IReadOnlyList<PoetryReactor.Core.Poetry.Clients.Poem> poems = [];
        for (int i = 0; i < repeat; i++)
        {
            var clock = Stopwatch.StartNew();
            poems = client.FetchAsync(Enumerable.Repeat(address, count).ToList()).GetAwaiter().GetResult();
            times.Add(clock.Elapsed.TotalSeconds);
        }
        reactor.CallFromThread(reactor.Stop);
        thread.Join(TimeSpan.FromSeconds(10));
        return new { poems = poems.Count(p => p.Complete), seconds = times[0], repeats = times };
    }

    private static int ServeOnWorkers(ReactorBackendKind backend, string mode, int size, int workers, PoetryReactor.Core.Net.WorkerAccept accept)
    {
        var running = Enumerable.Range(1, workers).Select(i =>
        {
            var reactor = new Reactor(new ReactorOptions { Backend = backend });
            var started = new ManualResetEventSlim();
            reactor.CallWhenRunning(started.Set);
            var thread = new Thread(reactor.Run) { Name = i == 1 ? "reactor" : $"reactor {i}", IsBackground = true };
            thread.Start();
            started.Wait(TimeSpan.FromSeconds(30));
            return (Reactor: reactor, Thread: thread);
        }).ToArray();
        var server = new ReactorPoetryServerGroup(running.Select(r => r.Reactor).ToArray(), Options(mode, size), accept);
        server.Start(TimeSpan.FromSeconds(30));
        Console.WriteLine("PORT " + server.Port);
        Console.Out.Flush();
        while (Console.In.Read() >= 0) { }
        // Each worker's share, for the report: connections accepted by each.
        Console.WriteLine("WORKERS " + string.Join(' ', server.Workers.Select(w => w.Stats.ConnectionsAccepted)));
        server.Stop();
        foreach (var (reactor, thread) in running)
        {
            reactor.CallFromThread(reactor.Stop);
            thread.Join(TimeSpan.FromSeconds(10));
        }
        return 0;
    }

    private static PoetryServerOptions Options(string mode, int size)
    {
        var poem = Enumerable.Range(0, size).Select(i => (byte)('a' + i % 26)).ToArray();
        var options = new PoetryServerOptions { PoemBytes = poem };
        if (mode == "slow") { options.ChunkSize = 100; options.Delay = TimeSpan.FromSeconds(0.1); }
        else { options.ChunkSize = size; options.Delay = TimeSpan.Zero; }
        return options;
    }

    private static int Serve(ReactorBackendKind backend, string mode, int size, int servers)
    {
        var reactor = new Reactor(new ReactorOptions { Backend = backend });
        var thread = new Thread(reactor.Run) { Name = "reactor", IsBackground = true };
        thread.Start();
        var poem = Enumerable.Range(0, size).Select(i => (byte)('a' + i % 26)).ToArray();
        var list = new List<ReactorPoetryServer>();
        for (int i = 0; i < servers; i++)
        {
            var options = new PoetryServerOptions { PoemBytes = poem };
            if (mode == "slow") { options.ChunkSize = 100; options.Delay = TimeSpan.FromSeconds(0.1); }
            else { options.ChunkSize = size; options.Delay = TimeSpan.Zero; }
            var server = new ReactorPoetryServer(reactor, options);
            server.Start();
            list.Add(server);
        }
        Console.WriteLine("PORT " + string.Join(' ', list.Select(s => s.Port)));
        Console.Out.Flush();
        while (Console.In.Read() >= 0) { }
        list.ForEach(s => s.Stop());
        reactor.CallFromThread(reactor.Stop);
        thread.Join(TimeSpan.FromSeconds(10));
        return 0;
    }
}

/// <summary>Timer costs: O(log n) shows as slowly growing ns/op from 1 to 100,000 pending.</summary>
internal static class TimerProbe
{
    public static object Run(bool quick)
    {
        // Warm the paths first, so the smallest sizes are not measured while still being JIT-compiled.
        for (int i = 0; i < 5; i++) ScheduleCancel(10_000);
        var scaling = new[] { 1, 1_000, 10_000, 100_000 }.Select(n =>
        {
            var runs = Enumerable.Range(0, quick ? 3 : 7).Select(_ => ScheduleCancel(n)).ToArray();
            return new { pending = n, scheduleNs = Median(runs.Select(r => r.Schedule)), cancelNs = Median(runs.Select(r => r.Cancel)) };
        }).ToArray();
        var late = Lateness(quick ? 100 : 300);
        return new { scaling, callLater10ms = late };
    }

    /// <summary>With <paramref name="pending"/> calls already scheduled, times 1,000 more schedules and cancels.</summary>
    private static (double Schedule, double Cancel) ScheduleCancel(int pending)
    {
        const int ops = 1_000;
        using var reactor = new Reactor(new ReactorOptions { Backend = ReactorBackendKind.Select });
        Action noop = static () => { };
        for (int i = 0; i < pending; i++) reactor.CallLater(10 + (i * 7919 % 1000) / 100.0, noop);
        var calls = new DelayedCall[ops];
        for (int i = 0; i < ops; i++) reactor.CallLater(10 + i / 1000.0, noop).Cancel(); // warm the paths
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < ops; i++) calls[i] = reactor.CallLater(10 + (i * 104729 % 1000) / 100.0, noop);
        double schedule = sw.Elapsed.TotalNanoseconds / ops;
        sw.Restart();
        for (int i = 0; i < ops; i++) calls[i].Cancel();
        return (schedule, sw.Elapsed.TotalNanoseconds / ops);
    }

    /// <summary>Schedules 10 ms calls one after another on an idle running reactor; how late each fired.</summary>
    private static object Lateness(int samples)
    {
        using var reactor = new Reactor();
        var thread = new Thread(reactor.Run) { Name = "reactor", IsBackground = true };
        thread.Start();
        var late = new double[samples];
        var done = new TaskCompletionSource();
        int index = 0;
        void Next()
        {
            long due = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
            reactor.CallLater(0.010, () =>
            {
                late[index++] = (Stopwatch.GetTimestamp() - due) * 1000.0 / Stopwatch.Frequency;
                if (index < samples) Next(); else done.SetResult();
            });
        }
        reactor.CallFromThread(Next);
        if (!done.Task.Wait(TimeSpan.FromSeconds(samples * 0.1 + 10))) throw new TimeoutException("timer probe");
        reactor.CallFromThread(reactor.Stop);
        thread.Join(TimeSpan.FromSeconds(10));
        Array.Sort(late);
        return new { samples, p50Ms = late[samples / 2], p99Ms = late[(int)(samples * 0.99)], maxMs = late[^1] };
    }

    private static double Median(IEnumerable<double> v)
    {
        var s = v.OrderBy(x => x).ToArray();
        return s[s.Length / 2];
    }
}
