using PoetryReactor.Core.Defer;

namespace PoetryReactor.Core.Tests;

/// <summary>Twisted's test_internet.TimeTests: callLater and IDelayedCall, on a manual clock.</summary>
public class ReactorTimeTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    private readonly RecordingLog _log = new();
    private readonly ManualClock _clock = new(100);

    private Reactor Create(ReactorBackendKind backend) => ReactorTestKit.Create(backend, _log, _clock);

    [Theory, MemberData(nameof(Backends))]
    public void Seconds_IsMonotonic(ReactorBackendKind backend)
    {
        using var reactor = ReactorTestKit.Create(backend, _log);
        double previous = reactor.Seconds();
        for (int i = 0; i < 10_000; i++)
        {
            double now = reactor.Seconds();
            Assert.True(now >= previous, $"time went back from {previous} to {now}");
            previous = now;
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void CallLater_RunsCallsInDueOrder(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var order = new List<int>();
        reactor.CallLater(3, () => order.Add(3));
        reactor.CallLater(1, () => order.Add(1));
        reactor.CallLater(2, () => order.Add(2));
        _clock.Advance(3);
        reactor.RunUntilCurrent();
        Assert.Equal(new[] { 1, 2, 3 }, order);
        Assert.Empty(_log.Errors);
    }

    [Theory, MemberData(nameof(Backends))]
    public void CallLater_SameTime_RunsInSchedulingOrder(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var order = new List<int>();
        for (int i = 0; i < 50; i++)
        {
            int n = i;
            reactor.CallLater(1, () => order.Add(n));
        }
        _clock.Advance(1);
        reactor.Iterate();
        Assert.Equal(Enumerable.Range(0, 50), order);
    }

    [Theory, MemberData(nameof(Backends))]
    public void CallLater_DoesNotRunBeforeItIsDue(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        bool ran = false;
        reactor.CallLater(1, () => ran = true);
        AssertRunsOnlyAfter(reactor, () => ran, notYet: 0.999, rest: 0.001);
    }

    [Theory, MemberData(nameof(Backends))]
    public void CallLater_ScheduledWhileRunningCalls_WaitsForNextPass(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var order = new List<string>();
        reactor.CallLater(0, () =>
        {
            order.Add("first");
            reactor.CallLater(0, () => order.Add("second"));
        });
        reactor.RunUntilCurrent();
        Assert.Equal(new[] { "first" }, order);
        reactor.RunUntilCurrent();
        Assert.Equal(new[] { "first", "second" }, order);
    }

    [Theory, MemberData(nameof(Backends))]
    public void CallLater_RunsOnRealClockInRunningReactor(ReactorBackendKind backend)
    {
        using var running = RunningReactor.Start(ReactorTestKit.Create(backend, _log));
        var done = new ManualResetEventSlim();
        double lateness = double.NaN;
        running.OnReactor(() =>
        {
            var call = (DelayedCall?)null;
            call = running.Reactor.CallLater(0.05, () =>
            {
                lateness = running.Reactor.Seconds() - call!.Time;
                done.Set();
            });
        });
        ReactorTestKit.Wait(done, "the delayed call");
        Assert.True(lateness >= 0, $"ran {-lateness} s early");
    }

    [Theory, MemberData(nameof(Backends))]
    public void CallLater_RejectsBadArguments(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        Assert.ThrowsAny<ArgumentException>(() => reactor.CallLater(-1, () => { }));
        Assert.ThrowsAny<ArgumentException>(() => reactor.CallLater(double.NaN, () => { }));
        Assert.ThrowsAny<ArgumentException>(() => reactor.CallLater(1, null!));
        Assert.ThrowsAny<ArgumentException>(() => reactor.CallLater(TimeSpan.FromSeconds(-1), () => { }));
        Assert.Empty(reactor.GetDelayedCalls());
    }

    [Theory, MemberData(nameof(Backends))]
    public void CallLater_TimeSpan_IsDueAfterThatSpan(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var call = reactor.CallLater(TimeSpan.FromMilliseconds(1500), () => { });
        Assert.Equal(101.5, call.Time, 9);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Time_IsNowPlusDelay(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var call = reactor.CallLater(2.5, () => { });
        Assert.Equal(102.5, call.Time, 9);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Cancel_PreventsTheCall(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        bool ran = false;
        var call = reactor.CallLater(1, () => ran = true);
        call.Cancel();
        _clock.Advance(2);
        reactor.Iterate();
        Assert.False(ran);
        Assert.True(call.IsCancelled);
        Assert.False(call.IsCalled);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Cancel_OfCalledCall_RaisesAlreadyCalled(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var call = reactor.CallLater(0, () => { });
        reactor.RunUntilCurrent();
        Assert.True(call.IsCalled);
        Assert.Throws<AlreadyCalledException>(call.Cancel);
        Assert.Throws<AlreadyCalledException>(() => call.Reset(1));
        Assert.Throws<AlreadyCalledException>(() => call.Delay(1));
    }

    [Theory, MemberData(nameof(Backends))]
    public void Cancel_Twice_RaisesAlreadyCancelled(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var call = reactor.CallLater(1, () => { });
        call.Cancel();
        Assert.Throws<AlreadyCancelledException>(call.Cancel);
        Assert.Throws<AlreadyCancelledException>(() => call.Reset(1));
        Assert.Throws<AlreadyCancelledException>(() => call.Delay(1));
    }

    [Theory, MemberData(nameof(Backends))]
    public void Cancel_InsideOwnCallback_RaisesAlreadyCalled(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        Exception? caught = null;
        DelayedCall? call = null;
        call = reactor.CallLater(0, () => caught = Record.Exception(() => call!.Cancel()));
        reactor.RunUntilCurrent();
        Assert.IsType<AlreadyCalledException>(caught);
    }

    [Theory, MemberData(nameof(Backends))]
    public void IsActive_TrueUntilCalledOrCancelled(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        bool activeInside = true;
        DelayedCall? called = null;
        called = reactor.CallLater(1, () => activeInside = called!.IsActive);
        var cancelled = reactor.CallLater(1, () => { });
        Assert.True(called.IsActive);
        Assert.True(cancelled.IsActive);
        cancelled.Cancel();
        Assert.False(cancelled.IsActive);
        _clock.Advance(1);
        reactor.RunUntilCurrent();
        Assert.False(activeInside);
        Assert.False(called.IsActive);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Reset_MovesTheCallRelativeToNow(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        bool ran = false;
        var call = reactor.CallLater(1, () => ran = true);
        _clock.Advance(0.5);
        call.Reset(2);
        Assert.Equal(102.5, call.Time, 9);
        AssertRunsOnlyAfter(reactor, () => ran, notYet: 1.75, rest: 0.25);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Reset_Sooner_RunsBeforeCallsItNowPrecedes(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var order = new List<string>();
        var late = reactor.CallLater(5, () => order.Add("late"));
        reactor.CallLater(2, () => order.Add("middle"));
        late.Reset(1);
        _clock.Advance(5);
        reactor.RunUntilCurrent();
        Assert.Equal(new[] { "late", "middle" }, order);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Delay_AddsToTheDueTime(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        bool ran = false;
        var call = reactor.CallLater(1, () => ran = true);
        call.Delay(1.5);
        Assert.Equal(102.5, call.Time, 9);
        AssertRunsOnlyAfter(reactor, () => ran, notYet: 2.25, rest: 0.25);
    }

    [Theory, MemberData(nameof(Backends))]
    public void GetDelayedCalls_ListsExactlyThePendingCalls(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var a = reactor.CallLater(3, () => { });
        var b = reactor.CallLater(1, () => { });
        var c = reactor.CallLater(2, () => { });
        var d = reactor.CallLater(0.5, () => { });
        c.Cancel();
        Assert.Equal(new[] { d, b, a }, reactor.GetDelayedCalls());
        _clock.Advance(0.5);
        reactor.RunUntilCurrent();
        Assert.Equal(new[] { b, a }, reactor.GetDelayedCalls());
    }

    /// <summary>Advances <paramref name="notYet"/> seconds (the call must not run), then <paramref name="rest"/> (it must).</summary>
    private void AssertRunsOnlyAfter(Reactor reactor, Func<bool> ran, double notYet, double rest)
    {
        _clock.Advance(notYet);
        reactor.Iterate();
        Assert.False(ran(), $"ran {rest} s early");
        _clock.Advance(rest);
        reactor.Iterate();
        Assert.True(ran(), "did not run when due");
    }
}
