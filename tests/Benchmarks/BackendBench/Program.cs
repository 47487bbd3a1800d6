using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using PoetryReactor.Core;

namespace BackendBench;

/// <summary>
/// Chooses the default reactor backend: for each backend, a reactor serving 2,048-byte poems on
/// loopback to 100 concurrent client loops (in-process, thread pool), alternating backends for
/// several rounds; reports fetches/s and the reactor thread's CPU and allocation per fetch.
/// Then the timer heap: schedule + cancel of 100,000 delayed calls.
/// A second scenario adds idle registered connections, where Select's O(n) wait shows.
/// Usage: BackendBench [seconds-per-run=3] [rounds=3] [clients=100] [idle=2000]
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0]) : 3;
        int rounds = args.Length > 1 ? int.Parse(args[1]) : 3;
        int clients = args.Length > 2 ? int.Parse(args[2]) : 100;
        int idle = args.Length > 3 ? int.Parse(args[3]) : 2000;
        var kinds = OperatingSystem.IsLinux()
            ? new[] { ReactorBackendKind.Select, ReactorBackendKind.Epoll }
            : new[] { ReactorBackendKind.Select };

        Console.WriteLine($"| backend | idle connections | fetches/s (median of {rounds} × {seconds:0.#} s, c={clients}) | reactor-thread CPU µs per fetch | reactor-thread bytes allocated per fetch | client errors |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (int idleCount in new[] { 0, idle })
        {
            var results = kinds.ToDictionary(k => k, _ => new List<RunResult>());
            for (int round = 0; round < rounds; round++)
            {
                // Alternate which backend goes first, so drift on a shared box is not always charged to one.
                foreach (var kind in round % 2 == 0 ? kinds : kinds.Reverse().ToArray())
                {
                    var r = LoadRun.Measure(kind, clients, seconds, idleCount);
                    results[kind].Add(r);
                    Console.Error.WriteLine($"idle {idleCount} round {round + 1} {kind}: {r.FetchesPerSecond:0} fetches/s, {r.CpuMicrosPerFetch:0.0} µs CPU/fetch, {r.BytesPerFetch:0} B/fetch, errors {r.Errors}");
                }
            }
            foreach (var kind in kinds)
            {
                var list = results[kind];
                Console.WriteLine($"| {kind} | {idleCount:#,0} | {Median(list.Select(r => r.FetchesPerSecond)):#,0} | {Median(list.Select(r => r.CpuMicrosPerFetch)):0.0} | {Median(list.Select(r => r.BytesPerFetch)):#,0} | {list.Sum(r => r.Errors)} |");
            }
        }

        var timers = Enumerable.Range(0, 5).Select(_ => TimerRun()).ToList();
        Console.WriteLine();
        Console.WriteLine($"Timer heap, 100,000 delayed calls (median of {timers.Count}): schedule {Median(timers.Select(t => t.Schedule)):0} ns/op, cancel {Median(timers.Select(t => t.Cancel)):0} ns/op, schedule+cancel {Median(timers.Select(t => t.Schedule + t.Cancel)):0} ns/call.");
        return 0;
    }

    private static (double Schedule, double Cancel) TimerRun()
    {
        const int n = 100_000;
        using var reactor = new Reactor(new ReactorOptions { Backend = ReactorBackendKind.Select });
        var calls = new DelayedCall[n];
        Action noop = static () => { };
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < n; i++) calls[i] = reactor.CallLater(10 + (i * 7919 % 1000) / 100.0, noop);
        double schedule = sw.Elapsed.TotalNanoseconds / n;
        sw.Restart();
        for (int i = 0; i < n; i++) calls[i].Cancel();
        double cancel = sw.Elapsed.TotalNanoseconds / n;
        return (schedule, cancel);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

internal readonly record struct RunResult(double FetchesPerSecond, double CpuMicrosPerFetch, double BytesPerFetch, long Errors);

/// <summary>One timed run of one backend.</summary>
internal static class LoadRun
{
    public static RunResult Measure(ReactorBackendKind kind, int clients, double seconds, int idle)
    {
        var reactor = new Reactor(new ReactorOptions { Backend = kind });
        var server = new PoemServer(reactor);
        reactor.AddReader(server);
        var idlePeers = IdleConnection.Open(reactor, idle);
        var started = new ManualResetEventSlim();
        reactor.CallWhenRunning(started.Set);
        var thread = new Thread(reactor.Run) { Name = $"reactor {kind}", IsBackground = true };
        thread.Start();
        if (!started.Wait(TimeSpan.FromSeconds(10))) throw new TimeoutException("reactor did not start");

        using var stop = new CancellationTokenSource();
        var load = new Load(server.EndPoint);
        var loops = Enumerable.Range(0, clients).Select(_ => Task.Run(() => load.Loop(stop.Token))).ToArray();

        Thread.Sleep(500); // warm-up, not measured
        var before = Snapshot(reactor, load);
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        var after = Snapshot(reactor, load);

        stop.Cancel();
        Task.WaitAll(loops, TimeSpan.FromSeconds(10));
        reactor.Stop();
        if (!thread.Join(TimeSpan.FromSeconds(10))) throw new TimeoutException("reactor did not stop");
        reactor.Dispose();
        idlePeers.ForEach(p => p.Dispose());

        long fetches = after.Fetches - before.Fetches;
        double elapsed = (after.Time - before.Time).TotalSeconds;
        return new RunResult(
            fetches / elapsed,
            (after.CpuMicros - before.CpuMicros) / Math.Max(1, fetches),
            (double)(after.Allocated - before.Allocated) / Math.Max(1, fetches),
            load.Errors);
    }

    private readonly record struct Sample(TimeSpan Time, long Fetches, double CpuMicros, long Allocated);

    /// <summary>Reads the reactor thread's CPU time and allocations, on that thread.</summary>
    private static Sample Snapshot(Reactor reactor, Load load)
    {
        var done = new TaskCompletionSource<Sample>();
        reactor.CallFromThread(() => done.SetResult(new Sample(
            TimeSpan.FromTicks(Stopwatch.GetTimestamp() * TimeSpan.TicksPerSecond / Stopwatch.Frequency),
            load.Fetches, ThreadCpu.Micros(), GC.GetAllocatedBytesForCurrentThread())));
        return done.Task.Wait(TimeSpan.FromSeconds(10)) ? done.Task.Result : throw new TimeoutException("no snapshot");
    }
}

/// <summary>Client loops: connect, read to EOF, count whole poems.</summary>
internal sealed class Load(IPEndPoint server)
{
    private long _fetches, _errors;

    public long Fetches => Interlocked.Read(ref _fetches);
    public long Errors => Interlocked.Read(ref _errors);

    public async Task Loop(CancellationToken stop)
    {
        var buffer = new byte[4096];
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(server, stop);
                int total = 0, n;
                while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, stop)) > 0) total += n;
                if (total == PoemServer.PoemSize) Interlocked.Increment(ref _fetches);
                else Interlocked.Increment(ref _errors);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                Interlocked.Increment(ref _errors);
            }
        }
    }
}

/// <summary>The calling thread's CPU time (getrusage RUSAGE_THREAD on Linux; process time elsewhere).</summary>
internal static unsafe class ThreadCpu
{
    public static double Micros()
    {
        if (!OperatingSystem.IsLinux()) return Process.GetCurrentProcess().TotalProcessorTime.TotalMicroseconds;
        long* usage = stackalloc long[18]; // struct rusage on 64-bit: two timevals, then 14 longs
        if (getrusage(1 /* RUSAGE_THREAD */, usage) != 0) throw new InvalidOperationException("getrusage failed");
        return (usage[0] + usage[2]) * 1e6 + usage[1] + usage[3];
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, long* usage);
}

/// <summary>A registered reader that never gets data: it only makes the watched set larger.</summary>
internal sealed class IdleConnection(Socket socket) : IReadDescriptor
{
    public nint Fileno => socket.Handle;
    public Socket? Socket => socket;
    public string LogPrefix => "idle";
    public Exception? DoRead() => new ConnectionLostException("idle connection was not expected to become readable");
    public void ConnectionLost(Exception reason) => socket.Dispose();

    /// <summary>Opens <paramref name="count"/> loopback pairs, registers one end of each; returns the other ends.</summary>
    public static List<Socket> Open(Reactor reactor, int count)
    {
        var peers = new List<Socket>(count);
        if (count == 0) return peers;
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(count);
        for (int i = 0; i < count; i++)
        {
            var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            peer.Connect(listener.LocalEndPoint!);
            var accepted = listener.Accept();
            accepted.Blocking = false;
            reactor.AddReader(new IdleConnection(accepted));
            peers.Add(peer);
        }
        return peers;
    }
}
