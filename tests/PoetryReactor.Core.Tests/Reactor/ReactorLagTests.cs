namespace PoetryReactor.Core.Tests;

/// <summary>Loop lag: how late delayed calls ran (max and median), measured on a manual clock.</summary>
public class ReactorLagTests
{
    private readonly RecordingLog _log = new();
    private readonly ManualClock _clock = new(50);

    private Reactor Create() => ReactorTestKit.Create(ReactorBackendKind.Select, _log, _clock);

    [Fact]
    public void NoDelayedCallRun_LagIsZero()
    {
        using var reactor = Create();
        reactor.CallLater(1, () => { });
        reactor.RunUntilCurrent();
        Assert.Equal(0, reactor.Stats.LagSamples);
        Assert.Equal(0, reactor.Stats.MedianLagSeconds);
        Assert.Equal(0, reactor.Stats.MaxLagSeconds);
    }

    [Fact]
    public void LateCalls_RecordMaxAndMedianOfTheirLateness()
    {
        using var reactor = Create();
        reactor.CallLater(1, () => { });
        reactor.CallLater(2, () => { });
        reactor.CallLater(3, () => { });
        _clock.Advance(3.5);
        reactor.RunUntilCurrent();

        Assert.Equal(3, reactor.Stats.LagSamples);
        Assert.Equal(2.5, reactor.Stats.MaxLagSeconds, 6);
        Assert.Equal(1.5, reactor.Stats.MedianLagSeconds, 6);
    }

    [Fact]
    public void EvenSampleCount_MedianIsTheMeanOfTheMiddleTwo()
    {
        using var reactor = Create();
        foreach (var delay in new[] { 1.0, 2.0, 3.0, 4.0 }) reactor.CallLater(delay, () => { });
        _clock.Advance(4);
        reactor.RunUntilCurrent();
        // Lateness 3, 2, 1, 0: middle two are 1 and 2.
        Assert.Equal(1.5, reactor.Stats.MedianLagSeconds, 6);
        Assert.Equal(3, reactor.Stats.MaxLagSeconds, 6);
    }

    [Fact]
    public void Median_CoversOnlyTheLatestWindow_MaxKeepsTheWorst()
    {
        using var reactor = Create();
        for (int i = 0; i < 100; i++) reactor.CallLater(0, () => { });
        _clock.Advance(5);
        reactor.RunUntilCurrent();
        Assert.Equal(5, reactor.Stats.MedianLagSeconds, 6);

        // A full window of punctual calls pushes the late ones out of the median.
        for (int i = 0; i < ReactorStats.LagWindow; i++) reactor.CallLater(0, () => { });
        reactor.RunUntilCurrent();

        Assert.Equal(100 + ReactorStats.LagWindow, reactor.Stats.LagSamples);
        Assert.Equal(0, reactor.Stats.MedianLagSeconds, 6);
        Assert.Equal(5, reactor.Stats.MaxLagSeconds, 6);
    }

    [Fact]
    public void CancelledCalls_RecordNoLag()
    {
        using var reactor = Create();
        var call = reactor.CallLater(1, () => { });
        reactor.CallLater(2, () => { });
        call.Cancel();
        _clock.Advance(10);
        reactor.RunUntilCurrent();
        Assert.Equal(1, reactor.Stats.LagSamples);
        Assert.Equal(8, reactor.Stats.MedianLagSeconds, 6);
    }

    [Fact]
    public void RunningReactor_StatsReadFromAnotherThread()
    {
        using var running = RunningReactor.Start(ReactorTestKit.Create(ReactorBackendKind.Default, _log));
        var ran = new ManualResetEventSlim();
        running.OnReactor(() => running.Reactor.CallLater(0.01, ran.Set));
        ReactorTestKit.Wait(ran, "the delayed call");
        Assert.Equal(1, running.Reactor.Stats.LagSamples);
        Assert.InRange(running.Reactor.Stats.MedianLagSeconds, 0, 10);
        Assert.Equal(running.Reactor.Stats.MaxLagSeconds, running.Reactor.Stats.MedianLagSeconds, 6);
    }
}
