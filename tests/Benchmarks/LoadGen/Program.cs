using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace LoadGen;

/// <summary>
/// Load generator for the poetry benchmarks, loopback only. One JSON line on stdout per run.
///   closed --port P --conns N --seconds S [--warmup W] [--size B] [--pid PID]
///     keeps N fetches in flight (connect, read to EOF, check the byte count) for S seconds;
///     with --pid, also the server's CPU time over the measured window (/proc/PID/stat).
///   count --port P --conns N --fetches F [--size B]
///     exactly F fetches, N in flight (for counting a server's syscalls per fetch).
///   hold --port P --conns N --size B --ideal-ms I [--timeout S] [--pid PID]
///     opens N connections at once and reads each to EOF; slowest/fastest completion against
///     the ideal time, byte-exactness, and the server's RSS growth while they are all held.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var o = Options.Parse(args);
        if (!IPAddress.IsLoopback(o.Host)) { Console.Error.WriteLine("loopback addresses only"); return 2; }
        Limits.RaiseOpenFiles(o.Conns + 256);
        Limits.ReserveDescriptors(o.Conns + 128);
        object result = o.Mode switch
        {
            "closed" => await Closed.Run(o),
            "hold" => await Hold.Run(o),
            "count" => await Count.Run(o),
            _ => throw new ArgumentException($"unknown mode '{o.Mode}'"),
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }
}

internal sealed record Options(string Mode, IPAddress Host, int Port, int Conns, double Seconds, double Warmup,
    int Size, int Pid, double IdealMs, double Timeout, int Fetches)
{
    public IPEndPoint EndPoint => new(Host, Port);

    public static Options Parse(string[] args)
    {
        if (args.Length == 0) throw new ArgumentException("usage: LoadGen closed|hold --port P ...");
        var map = new Dictionary<string, string>();
        for (int i = 1; i + 1 < args.Length; i += 2) map[args[i].TrimStart('-')] = args[i + 1];
        string Get(string k, string d) => map.TryGetValue(k, out var v) ? v : d;
        double D(string k, string d) => double.Parse(Get(k, d), CultureInfo.InvariantCulture);
        int conns = int.Parse(Get("conns", "100"));
        if (conns is < 1 or > 20_000) throw new ArgumentOutOfRangeException(nameof(args), "--conns is 1..20000");
        double seconds = D("seconds", "3");
        if (seconds is <= 0 or > 120) throw new ArgumentOutOfRangeException(nameof(args), "--seconds is (0, 120]");
        return new Options(args[0], IPAddress.Parse(Get("host", "127.0.0.1")), int.Parse(Get("port", "0")), conns,
            seconds, D("warmup", "0.5"), int.Parse(Get("size", "2048")), int.Parse(Get("pid", "0")),
            D("ideal-ms", "0"), Math.Min(D("timeout", "60"), 300), Math.Clamp(int.Parse(Get("fetches", "1000")), 1, 1_000_000));
    }
}

/// <summary>Closed loop: every connection starts the next fetch as soon as its poem has arrived.</summary>
internal static class Closed
{
    private const int MaxSamples = 4_000_000;

    public static async Task<object> Run(Options o)
    {
        var latencies = new long[MaxSamples]; // Stopwatch ticks of measured fetches, bounded
        long samples = 0, errors = 0, bytes = 0, measuring = 0;
        using var stop = new CancellationTokenSource();
        async Task Loop()
        {
            var buffer = new byte[16384];
            while (!stop.IsCancellationRequested)
            {
                long start = Stopwatch.GetTimestamp();
                int total = 0;
                try
                {
                    using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    await s.ConnectAsync(o.EndPoint, stop.Token);
                    int n;
                    while ((n = await s.ReceiveAsync(buffer, SocketFlags.None, stop.Token)) > 0) total += n;
                }
                catch (OperationCanceledException) { return; }
                catch (SocketException) { total = -1; }
                if (Volatile.Read(ref measuring) == 0) continue;
                if (total != o.Size) { Interlocked.Increment(ref errors); continue; }
                long i = Interlocked.Increment(ref samples) - 1;
                if (i < MaxSamples) latencies[i] = Stopwatch.GetTimestamp() - start;
                Interlocked.Add(ref bytes, total);
            }
        }
        var loops = Enumerable.Range(0, o.Conns).Select(_ => Task.Run(Loop)).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(o.Warmup));
        var cpu0 = ProcStat.CpuSeconds(o.Pid);
        var t0 = Stopwatch.GetTimestamp();
        Volatile.Write(ref measuring, 1);
        await Task.Delay(TimeSpan.FromSeconds(o.Seconds));
        Volatile.Write(ref measuring, 0);
        double elapsed = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        var cpu1 = ProcStat.CpuSeconds(o.Pid);
        long fetches = Interlocked.Read(ref samples);
        stop.Cancel();
        await Task.WhenAny(Task.WhenAll(loops), Task.Delay(10_000));
        var sorted = latencies.AsSpan(0, (int)Math.Min(fetches, MaxSamples)).ToArray();
        Array.Sort(sorted);
        double Ms(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))] * 1000.0 / Stopwatch.Frequency;
        return new
        {
            mode = "closed", conns = o.Conns, seconds = elapsed, fetches, errors,
            fetchesPerSec = fetches / elapsed, mbPerSec = bytes / elapsed / 1e6,
            p50Ms = Ms(0.50), p99Ms = Ms(0.99), maxMs = sorted.Length == 0 ? 0 : sorted[^1] * 1000.0 / Stopwatch.Frequency,
            serverCpuSec = cpu1 - cpu0, serverCpuUsPerFetch = fetches == 0 ? 0 : (cpu1 - cpu0) * 1e6 / fetches,
        };
    }
}

/// <summary>Count: exactly F fetches with N in flight, then the elapsed time and the failures.</summary>
internal static class Count
{
    public static async Task<object> Run(Options o)
    {
        int next = 0, errors = 0;
        var clock = Stopwatch.StartNew();
        async Task Loop()
        {
            var buffer = new byte[16384];
            while (Interlocked.Increment(ref next) <= o.Fetches)
            {
                int total = 0;
                try
                {
                    using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    await s.ConnectAsync(o.EndPoint);
                    int n;
                    while ((n = await s.ReceiveAsync(buffer, SocketFlags.None)) > 0) total += n;
                }
                catch (SocketException) { total = -1; }
                if (total != o.Size) Interlocked.Increment(ref errors);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Math.Min(o.Conns, o.Fetches)).Select(_ => Task.Run(Loop)));
        return new { mode = "count", fetches = o.Fetches, errors, seconds = clock.Elapsed.TotalSeconds };
    }
}

/// <summary>Hold: N connections opened at once against a slow server, each read to EOF.</summary>
internal static class Hold
{
    public static async Task<object> Run(Options o)
    {
        long rssBefore = ProcStat.RssKb(o.Pid), rssPeak = rssBefore;
        var done = new double[o.Conns];
        var connectedAt = new double[o.Conns];
        var sizes = new int[o.Conns];
        int connected = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(o.Timeout));
        var clock = Stopwatch.StartNew();
        async Task One(int i)
        {
            var buffer = new byte[4096];
            try
            {
                using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await s.ConnectAsync(o.EndPoint, stop.Token);
                Interlocked.Increment(ref connected);
                connectedAt[i] = clock.Elapsed.TotalMilliseconds;
                int n, total = 0;
                while ((n = await s.ReceiveAsync(buffer, SocketFlags.None, stop.Token)) > 0) total += n;
                sizes[i] = total;
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException) { sizes[i] = -1; }
            done[i] = clock.Elapsed.TotalMilliseconds;
        }
        var all = new Task[o.Conns];
        for (int i = 0; i < o.Conns; i++) all[i] = One(i);
        // Sample the server's RSS while the connections are held (bounded by the timeout).
        var whenAll = Task.WhenAll(all);
        while (!whenAll.IsCompleted)
        {
            rssPeak = Math.Max(rssPeak, ProcStat.RssKb(o.Pid));
            await Task.WhenAny(whenAll, Task.Delay(100));
        }
        var ok = Enumerable.Range(0, o.Conns).Where(i => sizes[i] == o.Size).ToArray();
        double slowest = ok.Length == 0 ? 0 : ok.Max(i => done[i]);
        double fastest = ok.Length == 0 ? 0 : ok.Min(i => done[i]);
        // Each client's own time, from its connection to EOF: what the server controls.
        double slowestOwn = ok.Length == 0 ? 0 : ok.Max(i => done[i] - connectedAt[i]);
        double lastConnected = ok.Length == 0 ? 0 : ok.Max(i => connectedAt[i]);
        return new
        {
            mode = "hold", conns = o.Conns, completed = ok.Length, errors = o.Conns - ok.Length,
            idealMs = o.IdealMs, fastestMs = fastest, slowestMs = slowest,
            slowestRatio = o.IdealMs > 0 ? slowest / o.IdealMs : 0, fastestRatio = o.IdealMs > 0 ? fastest / o.IdealMs : 0,
            slowestOwnMs = slowestOwn, slowestOwnRatio = o.IdealMs > 0 ? slowestOwn / o.IdealMs : 0, lastConnectedMs = lastConnected,
            rssBeforeKb = rssBefore, rssPeakKb = rssPeak,
            rssKbPerConn = o.Pid > 0 ? (rssPeak - rssBefore) / (double)o.Conns : 0,
        };
    }
}

/// <summary>Another process's CPU time and RSS from /proc (0 when no pid is given).</summary>
internal static class ProcStat
{
    public static double CpuSeconds(int pid)
    {
        if (pid <= 0) return 0;
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command.
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    public static long RssKb(int pid)
    {
        if (pid <= 0) return 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        return 0;
    }
}

/// <summary>
/// setrlimit(RLIMIT_NOFILE): 10,000 sockets need more than the usual 1,024. And the descriptor
/// table sized before the clock starts: grown on demand in a multi-threaded process, each doubling
/// waits for an RCU grace period (10-20 ms), six of them in a burst of 10,000 connects, which
/// would delay every server's clients alike.
/// </summary>
internal static unsafe class Limits
{
    public static void RaiseOpenFiles(int wanted)
    {
        if (!OperatingSystem.IsLinux()) return;
        ulong* lim = stackalloc ulong[2];
        if (getrlimit(7, lim) != 0 || lim[0] >= (ulong)wanted) return;
        lim[0] = Math.Min((ulong)wanted, lim[1]);
        setrlimit(7, lim);
    }

    public static void ReserveDescriptors(int count)
    {
        if (!OperatingSystem.IsLinux()) return;
        // F_DUPFD_CLOEXEC: the lowest free descriptor at or above count - 1; the table stays that size.
        int copy = fcntl(0, 1030, count - 1);
        if (copy >= 0) close(copy);
    }

    [System.Runtime.InteropServices.DllImport("libc")] private static extern int fcntl(int fd, int cmd, int arg);
    [System.Runtime.InteropServices.DllImport("libc")] private static extern int close(int fd);
    [System.Runtime.InteropServices.DllImport("libc")] private static extern int getrlimit(int resource, ulong* rlim);
    [System.Runtime.InteropServices.DllImport("libc")] private static extern int setrlimit(int resource, ulong* rlim);
}
