namespace PoetryReactor.Core.Tests;

/// <summary>CallAgain: a delayed call that has run is scheduled again, as a new call would be.</summary>
public sealed class ReactorCallAgainTests
{
    [Fact]
    public void A_call_that_has_run_runs_again_at_its_new_time_and_can_be_cancelled()
    {
        var clock = new ManualClock();
        using var reactor = ReactorTestKit.Create(ReactorBackendKind.Select, new RecordingLog(), clock);
        var runs = new List<double>();
        DelayedCall? call = null;
        call = reactor.CallLater(1, () =>
        {
            runs.Add(clock.Now);
            if (runs.Count < 3) reactor.CallAgain(call!, 0.5);
        });

        for (int i = 0; i < 4; i++)
        {
            clock.Advance(0.5);
            reactor.Iterate();
        }

        Assert.Equal(new[] { 1.0, 1.5, 2.0 }, runs);
        Assert.True(call.IsCalled);
        reactor.CallAgain(call, 1);
        Assert.True(call.IsActive);
        Assert.Single(reactor.GetDelayedCalls());
        call.Cancel();
        clock.Advance(2);
        reactor.Iterate();
        Assert.Equal(3, runs.Count);
    }

    [Fact]
    public void A_pending_call_cannot_be_scheduled_again()
    {
        using var reactor = ReactorTestKit.Create(ReactorBackendKind.Select, new RecordingLog(), new ManualClock());
        var call = reactor.CallLater(1, () => { });

        Assert.Throws<InvalidOperationException>(() => reactor.CallAgain(call, 1));
        Assert.Single(reactor.GetDelayedCalls());
    }

    [Fact]
    public void A_call_scheduled_again_from_inside_itself_waits_for_the_next_pass()
    {
        var clock = new ManualClock();
        using var reactor = ReactorTestKit.Create(ReactorBackendKind.Select, new RecordingLog(), clock);
        int runs = 0;
        DelayedCall? call = null;
        call = reactor.CallLater(0, () =>
        {
            runs++;
            reactor.CallAgain(call!, 0);
        });

        reactor.RunUntilCurrent();
        Assert.Equal(1, runs);
        reactor.RunUntilCurrent();
        Assert.Equal(2, runs);
    }
}
