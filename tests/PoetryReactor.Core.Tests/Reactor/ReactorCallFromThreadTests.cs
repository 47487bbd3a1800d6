namespace PoetryReactor.Core.Tests;

/// <summary>Twisted's test_internet.CallFromThreadTests (plus the snapshot rule of each pass).</summary>
public class ReactorCallFromThreadTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    private readonly RecordingLog _log = new();

    [Theory, MemberData(nameof(Backends))]
    public void CallFromThread_WakesAnIdleReactor(ReactorBackendKind backend)
    {
        // No timers and no descriptors: the loop waits without limit, so only the waker can run this.
        using var running = RunningReactor.Start(ReactorTestKit.Create(backend, _log));
        var ran = new ManualResetEventSlim();
        int? threadId = null;
        running.Reactor.CallFromThread(() =>
        {
            threadId = Environment.CurrentManagedThreadId;
            ran.Set();
        });
        ReactorTestKit.Wait(ran, "the woken reactor to run the action");
        Assert.Equal(running.ManagedThreadId, threadId);
    }

    [Theory, MemberData(nameof(Backends))]
    public void CallFromThread_KeepsOrder(ReactorBackendKind backend)
    {
        using var running = RunningReactor.Start(ReactorTestKit.Create(backend, _log));
        var seen = new List<int>();
        var done = new ManualResetEventSlim();
        for (int i = 0; i < 1000; i++)
        {
            int n = i;
            running.Reactor.CallFromThread(() => seen.Add(n));
        }
        running.Reactor.CallFromThread(done.Set);
        ReactorTestKit.Wait(done, "the last action");
        Assert.Equal(Enumerable.Range(0, 1000), seen);
    }

    [Theory, MemberData(nameof(Backends))]
    public void CallFromThread_FromManyThreads_RunsAllOnReactorThreadInPerThreadOrder(ReactorBackendKind backend)
    {
        const int threads = 8, each = 500;
        using var running = RunningReactor.Start(ReactorTestKit.Create(backend, _log));
        var seen = new List<(int Thread, int Index)>();
        int wrongThread = 0;
        var all = new CountdownEvent(threads * each);
        var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait(ReactorTestKit.Patience);
            for (int i = 0; i < each; i++)
            {
                int index = i;
                running.Reactor.CallFromThread(() =>
                {
                    if (!running.Reactor.IsInReactorThread) wrongThread++;
                    seen.Add((t, index));
                    all.Signal();
                });
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        ReactorTestKit.Wait(all.WaitHandle, "every action");
        workers.ForEach(w => Assert.True(w.Join(ReactorTestKit.Patience)));

        Assert.Equal(0, wrongThread);
        Assert.Equal(threads * each, seen.Count);
        for (int t = 0; t < threads; t++)
            Assert.Equal(Enumerable.Range(0, each), seen.Where(s => s.Thread == t).Select(s => s.Index));
    }

    [Theory, MemberData(nameof(Backends))]
    public void CallFromThread_BeforeRun_RunsWhenRunStarts(ReactorBackendKind backend)
    {
        var reactor = ReactorTestKit.Create(backend, _log);
        var ran = new ManualResetEventSlim();
        reactor.CallFromThread(ran.Set);
        Assert.False(ran.IsSet);
        using var running = RunningReactor.Start(reactor);
        ReactorTestKit.Wait(ran, "the action queued before Run");
    }

    [Theory, MemberData(nameof(Backends))]
    public void CallFromThread_QueuedDuringAPass_WaitsForTheNextPass(ReactorBackendKind backend)
    {
        using var reactor = ReactorTestKit.Create(backend, _log, new ManualClock());
        var order = new List<string>();
        reactor.CallFromThread(() =>
        {
            order.Add("first");
            reactor.CallFromThread(() => order.Add("second"));
        });
        reactor.RunUntilCurrent();
        Assert.Equal(new[] { "first" }, order);
        Assert.Equal(0, reactor.Timeout());
        reactor.RunUntilCurrent();
        Assert.Equal(new[] { "first", "second" }, order);
    }

    [Theory, MemberData(nameof(Backends))]
    public void CallFromThread_AfterTheReactorStopped_Throws(ReactorBackendKind backend)
    {
        var running = RunningReactor.Start(ReactorTestKit.Create(backend, _log));
        running.Reactor.Stop();
        running.WaitForExit();
        Assert.Throws<ReactorNotRunningException>(() => running.Reactor.CallFromThread(() => { }));
        Assert.ThrowsAny<ArgumentException>(() => running.Reactor.CallFromThread(null!));
        running.Dispose();
    }
}
