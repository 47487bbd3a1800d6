namespace PoetryReactor.Core.Tests;

/// <summary>Twisted's test_task LoopingCall tests, on the manual <see cref="TaskClock"/> and a manual-clock reactor.</summary>
public class LoopingCallTests
{
    private readonly TaskClock _clock = new();
    private readonly List<double> _runs = new();

    private LoopingCall Loop() => new(_clock, () => _runs.Add(_clock.Seconds()));

    [Fact]
    public void Start_Now_RunsAtOnceThenEveryInterval()
    {
        var loop = Loop();
        loop.Start(1);
        Assert.Equal(new[] { 0.0 }, _runs);
        _clock.Pump(new[] { 1.0, 1.0, 1.0 });
        Assert.Equal(new[] { 0.0, 1.0, 2.0, 3.0 }, _runs);
        Assert.Equal(4, loop.Count);
        Assert.True(loop.IsRunning);
    }

    [Fact]
    public void Start_NotNow_FirstRunIsOneIntervalAway()
    {
        var loop = Loop();
        loop.Start(2, now: false);
        _clock.Advance(1.9);
        Assert.Empty(_runs);
        _clock.Advance(0.1);
        Assert.Equal(new[] { 2.0 }, _runs);
        Assert.Equal(4.0, loop.Call!.Time, 9);
    }

    [Fact]
    public void LateRun_DoesNotShiftTheSchedule()
    {
        var loop = Loop();
        loop.Start(1, now: false);
        _clock.Advance(1.5);
        Assert.Equal(new[] { 1.5 }, _runs);
        Assert.Equal(2.0, loop.Call!.Time, 9);
    }

    [Fact]
    public void MissedIntervals_AreSkippedNotBurst()
    {
        var loop = Loop();
        loop.Start(1, now: false);
        _clock.Advance(3.5);
        Assert.Equal(new[] { 3.5 }, _runs);
        Assert.Equal(4.0, loop.Call!.Time, 9);
        Assert.Equal(1, loop.Count);
    }

    [Fact]
    public void Stop_CancelsTheNextRunAndFiresTheDeferred()
    {
        var loop = Loop();
        LoopingCall? fired = null;
        loop.Start(1).AddCallback(l => { fired = l; return l; });
        var next = loop.Call!;
        loop.Stop();
        Assert.Same(loop, fired);
        Assert.True(next.IsCancelled);
        Assert.False(loop.IsRunning);
        _clock.Advance(5);
        Assert.Single(_runs);
        Assert.Throws<InvalidOperationException>(loop.Stop);
    }

    [Fact]
    public void Stop_FromInsideTheAction_EndsTheLoop()
    {
        LoopingCall? loop = null;
        int runs = 0;
        loop = new LoopingCall(_clock, () => { if (++runs == 3) loop!.Stop(); });
        loop.Start(1);
        _clock.Pump(new[] { 1.0, 1.0, 1.0, 1.0 });
        Assert.Equal(3, runs);
        Assert.Null(loop.Call);
        Assert.Empty(_clock.GetDelayedCalls());
    }

    [Fact]
    public void Start_WhileRunning_Throws()
    {
        var loop = Loop();
        loop.Start(1);
        Assert.Throws<InvalidOperationException>(() => loop.Start(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Loop().Start(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Loop().Start(double.NaN));
    }

    [Fact]
    public void ActionThrows_LoopStopsAndTheDeferredFails()
    {
        var boom = new InvalidOperationException("boom");
        int runs = 0;
        var loop = new LoopingCall(_clock, () => { if (++runs == 2) throw boom; });
        Exception? failure = null;
        loop.Start(1).AddErrback(e => { failure = e; return loop; });
        _clock.Pump(new[] { 1.0, 1.0, 1.0 });
        Assert.Equal(2, runs);
        Assert.Same(boom, failure);
        Assert.False(loop.IsRunning);
        Assert.Empty(_clock.GetDelayedCalls());
    }

    [Fact]
    public void Reset_RestartsTheScheduleFromNow()
    {
        var loop = Loop();
        loop.Start(1, now: false);
        _clock.Advance(0.75);
        loop.Reset();
        Assert.Equal(1.75, loop.Call!.Time, 9);
        Assert.Single(_clock.GetDelayedCalls());
        _clock.Advance(1);
        Assert.Equal(new[] { 1.75 }, _runs);
    }

    [Fact]
    public void OnAReactor_ZeroInterval_RunsOncePerPass()
    {
        var manual = new ManualClock(10);
        using var reactor = ReactorTestKit.Create(ReactorBackendKind.Select, new RecordingLog(), manual);
        var loop = new LoopingCall(reactor, () => { });
        loop.Start(0);
        Assert.Equal(1, loop.Count);
        reactor.RunUntilCurrent();
        reactor.RunUntilCurrent();
        Assert.Equal(3, loop.Count);
        loop.Stop();
        reactor.RunUntilCurrent();
        Assert.Equal(3, loop.Count);
    }
}
