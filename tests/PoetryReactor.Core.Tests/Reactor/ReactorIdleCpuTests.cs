using System.Diagnostics;

namespace PoetryReactor.Core.Tests;

/// <summary>Runs alone: it measures CPU time while nothing else in the process should be busy.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReactorIdleCpuCollection
{
    public const string Name = "Reactor idle CPU";
}

/// <summary>An idle reactor blocks in its wait call and uses no CPU (no polling timers).</summary>
[Collection(ReactorIdleCpuCollection.Name)]
public class ReactorIdleCpuTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    [Theory, MemberData(nameof(Backends))]
    public void IdleReactor_WithOneDescriptorAndNoTimers_UsesAlmostNoCpu(ReactorBackendKind backend)
    {
        var (a, b) = ReactorTestKit.SocketPair();
        using var _ = a;
        using var __ = b;
        var reactor = ReactorTestKit.Create(backend, new RecordingLog());
        var descriptor = new SocketDescriptor(a, "idle");
        reactor.AddReader(descriptor);
        using var running = RunningReactor.Start(reactor);
        // After this the loop has made a full pass and is back in its wait.
        string? statPath = running.OnReactor(ThreadStatPath);
        Assert.True(statPath is not null || !OperatingSystem.IsLinux(), "no /proc/thread-self");

        var threadBefore = ThreadCpu(statPath);
        var processBefore = ProcessCpu();
        long iterationsBefore = reactor.Stats.Iterations;
        Thread.Sleep(TimeSpan.FromSeconds(3)); // the measurement window itself, not a synchronisation
        long iterations = reactor.Stats.Iterations - iterationsBefore;
        var thread = ThreadCpu(statPath) - threadBefore;
        var process = ProcessCpu() - processBefore;

        Assert.True(iterations <= 1, $"{backend}: the loop woke {iterations} times while idle");
        Assert.Equal(0, descriptor.Reads);
        if (statPath is not null)
        {
            // The reactor thread itself; the process also carries the runtime's tiered JIT
            // recompiling test-host code (measured at 0.3–0.6 s in such a window).
            Assert.True(thread < TimeSpan.FromSeconds(0.05),
                $"{backend}: reactor thread used {thread.TotalMilliseconds:0} ms CPU in 3 s idle (process {process.TotalMilliseconds:0} ms)");
        }
        else
        {
            Assert.True(process < TimeSpan.FromSeconds(1.0), $"{backend}: process used {process.TotalMilliseconds:0} ms CPU in 3 s idle");
        }
    }

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>On Linux, the calling thread's /proc stat file; null elsewhere.</summary>
    private static string? ThreadStatPath()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var target = new DirectoryInfo("/proc/thread-self").LinkTarget; // "<pid>/task/<tid>"
        return target is null ? null : $"/proc/{target}/stat";
    }

    /// <summary>User + system time of the thread whose stat file is <paramref name="statPath"/> (USER_HZ = 100 ticks/s).</summary>
    private static TimeSpan ThreadCpu(string? statPath)
    {
        if (statPath is null) return TimeSpan.Zero;
        string stat = File.ReadAllText(statPath);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11]) + long.Parse(fields[12]); // utime, stime
        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}
