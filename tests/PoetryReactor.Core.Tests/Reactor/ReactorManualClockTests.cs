namespace PoetryReactor.Core.Tests;

/// <summary>A reactor on a manual clock: time moves only when AdvanceClock says, and due calls run in order.</summary>
public class ReactorManualClockTests
{
    private readonly RecordingLog _log = new();

    private Reactor Create() =>
        new(new ReactorOptions { Backend = ReactorBackendKind.Select, Log = _log, Clock = new ManualClock() });

    [Fact]
    public void An_hour_long_timer_runs_only_when_the_clock_reaches_it()
    {
        using var reactor = Create();
        var ran = new List<double>();
        reactor.CallLater(3600, () => ran.Add(reactor.Seconds()));

        reactor.AdvanceClock(3599.999);
        Assert.Empty(ran);
        reactor.AdvanceClock(0.001);
        Assert.Equal([3600.0], ran.Select(t => Math.Round(t, 6)));
    }

    [Fact]
    public void A_looping_call_repeats_at_each_of_its_times_within_one_advance()
    {
        using var reactor = Create();
        var times = new List<double>();
        var loop = new LoopingCall(reactor, () => times.Add(reactor.Seconds()));
        loop.Start(60, now: false);

        reactor.AdvanceClock(3600);

        Assert.Equal(Enumerable.Range(1, 60).Select(i => i * 60.0), times.Select(t => Math.Round(t, 6)));
        Assert.Equal(3600, reactor.Seconds(), 6);
    }

    [Fact]
    public void Calls_run_in_time_order_and_one_scheduled_on_the_way_runs_at_its_own_time()
    {
        using var reactor = Create();
        var order = new List<string>();
        reactor.CallLater(30, () => order.Add("b@30"));
        reactor.CallLater(10, () =>
        {
            order.Add("a@10");
            reactor.CallLater(5, () => order.Add($"c@{reactor.Seconds():0}"));
        });

        reactor.AdvanceClock(100);

        Assert.Equal(["a@10", "c@15", "b@30"], order);
    }

    [Fact]
    public void A_real_clock_cannot_be_advanced_and_time_never_goes_back()
    {
        using var real = new Reactor(new ReactorOptions { Backend = ReactorBackendKind.Select, Log = _log });
        Assert.False(real.HasManualClock);
        Assert.Throws<InvalidOperationException>(() => real.AdvanceClock(1));
        using var manual = Create();
        Assert.True(manual.HasManualClock);
        Assert.Throws<ArgumentOutOfRangeException>(() => manual.AdvanceClock(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => manual.AdvanceClock(double.NaN));
    }

    [Fact]
    public void A_call_that_reschedules_itself_with_no_delay_is_stopped_by_the_bound()
    {
        using var reactor = Create();
        void Again() => reactor.CallLater(0, Again);
        reactor.CallLater(1, Again);

        var thrown = Assert.Throws<InvalidOperationException>(() => reactor.AdvanceClock(2));
        Assert.Contains("never lets time move", thrown.Message);
    }
}
