using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Datagram;
using Xunit.Abstractions;
using static PoetryReactor.Core.Tests.Datagram.UdpTestKit;
using PoetryReactor.Core.Tests.Net;
using static PoetryReactor.Core.Tests.Net.NetTestKit;

namespace PoetryReactor.Core.Tests.Datagram;

/// <summary>
/// Floods: more datagrams than the socket buffer holds (the kernel's drops are counted), and more than
/// a wake-up reads (the reactor turns to its timers between wake-ups instead of draining forever).
/// </summary>
public sealed class UdpFloodTests(ITestOutputHelper output)
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    /// <summary>Counts datagrams without keeping them; an optional hook runs on each.</summary>
    private sealed class CountingProtocol : DatagramProtocol
    {
        private long _count;
        public Action<long>? OnEach { get; set; }
        public long Count => Interlocked.Read(ref _count);

        public override void DatagramReceived(ReadOnlySpan<byte> data, IPEndPoint from)
        {
            long n = Interlocked.Increment(ref _count);
            OnEach?.Invoke(n);
        }
    }

    private static ManualResetEventSlim BlockReactor(RunningReactor r)
    {
        var entered = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        r.Reactor.CallFromThread(() =>
        {
            entered.Set();
            release.Wait(ReactorTestKit.Patience);
        });
        ReactorTestKit.Wait(entered, "the reactor to be held");
        return release;
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(sw.Elapsed < ReactorTestKit.Patience, $"Timed out waiting for {what}.");
            await Task.Delay(5);
        }
    }

    /// <summary>The kernel's own count of what it dropped for this socket (SO_MEMINFO), read by the test.</summary>
    private static long KernelDrops(IUdpTransport port)
    {
        var socket = ((IFileDescriptor)port).Socket!;
        var info = new byte[9 * sizeof(uint)];
        socket.GetRawSocketOption(1, 55, info);
        return BitConverter.ToUInt32(info, 8 * sizeof(uint));
    }

    [LinuxTheory, MemberData(nameof(Backends))]
    public async Task A_flood_larger_than_the_buffer_is_counted_received_plus_dropped_exactly(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var protocol = new CountingProtocol();
        var port = r.OnReactor(() =>
        {
            var p = r.Reactor.ListenUdp(0, protocol);
            p.ReceiveBufferSize = 16 * 1024;
            return p;
        });
        using var sender = Client();
        const int Flood = 2000;
        var datagram = new byte[512]; // 1 MB in all, against a 32 KiB buffer

        var release = BlockReactor(r);
        for (int i = 0; i < Flood; i++) sender.SendTo(datagram, Loopback(port.Port));
        long dropped = KernelDrops(port);
        release.Set();

        Assert.InRange(dropped, 1, Flood - 1);
        await Until(() => protocol.Count == Flood - dropped, "the datagrams the buffer held");
        // The kernel reports its drop count with the datagrams read after the drops: one more tells it.
        sender.SendTo(datagram, Loopback(port.Port));
        await Until(() => protocol.Count == Flood - dropped + 1, "the last datagram");
        Assert.Equal(dropped, port.Stats.DroppedByKernel);
        Assert.Equal(Flood - dropped + 1, port.Stats.DatagramsReceived);
        Assert.True(port.IsListening);
        output.WriteLine($"{backend}: {Flood} sent, {Flood - dropped} held by the buffer, {dropped} dropped and counted.");
    }

    [LinuxTheory, MemberData(nameof(Backends))]
    public async Task A_timer_due_now_runs_between_wake_ups_of_a_queue_longer_than_the_budget(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        long deliveredWhenTimerRan = -1;
        var protocol = new CountingProtocol();
        protocol.OnEach = n =>
        {
            if (n == 1) r.Reactor.CallLater(0, () => deliveredWhenTimerRan = protocol.Count);
        };
        var port = r.OnReactor(() =>
        {
            var p = r.Reactor.ListenUdp(0, protocol);
            p.ReceiveBufferSize = 4 * 1024 * 1024;
            return p;
        });
        using var sender = Client();
        const int Queued = 1000;

        var release = BlockReactor(r);
        for (int i = 0; i < Queued; i++) sender.SendTo(new byte[16], Loopback(port.Port));
        Assert.Equal(0, KernelDrops(port));
        release.Set();
        await Until(() => protocol.Count == Queued, "every queued datagram");

        // The first wake-up reads its budget; the timer set by the first datagram runs before the next.
        Assert.Equal(UdpPort.MaxDatagramsPerRead, r.OnReactor(() => deliveredWhenTimerRan));
        Assert.Equal(Queued / UdpPort.MaxDatagramsPerRead, port.Stats.ReadsCutShort);
    }

    /// <summary>
    /// A real flood: a sender that never stops, against a protocol that spends 20 µs on each datagram, so the
    /// socket is never empty and the kernel drops. Timers set during it must still run, and on time. The bound
    /// is the 50 ms on the median of 20 timers (a wake-up's budget costs about 5 ms here); one slow
    /// timer on this shared 2-core machine is a scheduling hiccup, not starvation, so the worst is printed, and
    /// every timer must have run while the flood was still going.
    /// </summary>
    [Theory, MemberData(nameof(Backends))]
    public async Task Timers_set_during_a_flood_fire_on_time(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var protocol = new CountingProtocol
        {
            OnEach = _ =>
            {
                long until = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 50_000;
                while (Stopwatch.GetTimestamp() < until) { }
            },
        };
        var port = r.OnReactor(() => r.Reactor.ListenUdp(0, protocol));
        using var stop = new CancellationTokenSource(ReactorTestKit.Patience);
        var flood = Task.Run(() =>
        {
            using var s = Client();
            var datagram = new byte[64];
            long sent = 0;
            while (!stop.IsCancellationRequested)
            {
                s.SendTo(datagram, Loopback(port.Port));
                sent++;
            }
            return sent;
        });
        await Until(() => port.Stats.ReadsCutShort > 0, "the flood to fill the socket");

        const int Timers = 20;
        var late = new List<double>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Next()
        {
            double due = r.Reactor.Seconds() + 0.02;
            r.Reactor.CallLater(0.02, () =>
            {
                late.Add(r.Reactor.Seconds() - due);
                if (late.Count == Timers) done.TrySetResult();
                else Next();
            });
        }
        r.OnReactor(Next);
        Await(done.Task, "the timers");
        bool floodStillOn = !flood.IsCompleted;
        stop.Cancel();
        long sentTotal = await flood;

        var sorted = late.Order().ToArray();
        double median = sorted[Timers / 2];
        output.WriteLine($"{backend}: {Timers} timers of 20 ms during the flood late by median {median * 1000:N2} ms, worst {sorted[^1] * 1000:N2} ms; " +
            $"{sentTotal:N0} sent, {port.Stats.DatagramsReceived:N0} received, {port.Stats.DroppedByKernel:N0} dropped by the kernel, {port.Stats.ReadsCutShort:N0} wake-ups cut at the budget.");
        Assert.True(floodStillOn, "the flood ended before the timers ran: they waited for it");
        Assert.True(median <= 0.050, $"median lateness {median * 1000:N1} ms exceeds 50 ms");
        Assert.True(port.IsListening);
    }
}
