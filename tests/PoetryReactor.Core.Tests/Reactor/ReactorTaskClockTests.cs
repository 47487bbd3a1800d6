namespace PoetryReactor.Core.Tests;

/// <summary>Twisted's test_task.ClockTests, for <see cref="TaskClock"/>.</summary>
public class ReactorTaskClockTests
{
    [Fact]
    public void Seconds_StartsAtZeroAndMovesOnlyWithAdvance()
    {
        var clock = new TaskClock();
        Assert.Equal(0, clock.Seconds());
        clock.Advance(1.5);
        Assert.Equal(1.5, clock.Seconds());
        Assert.ThrowsAny<ArgumentException>(() => clock.Advance(-1));
    }

    [Fact]
    public void CallLater_ReturnsACallDueAtNowPlusDelay()
    {
        var clock = new TaskClock();
        clock.Advance(2);
        var call = clock.CallLater(1, () => { });
        Assert.Equal(3, call.Time);
        Assert.True(call.IsActive);
    }

    [Fact]
    public void Advance_RunsDueCallsOnly()
    {
        var clock = new TaskClock();
        var events = new List<string>();
        clock.CallLater(2, () => events.Add("two"));
        clock.Advance(1);
        Assert.Empty(events);
        clock.Advance(1);
        Assert.Equal(new[] { "two" }, events);
    }

    [Fact]
    public void Advance_PastSeveralCalls_RunsThemInOrder()
    {
        var clock = new TaskClock();
        var events = new List<int>();
        clock.CallLater(3, () => events.Add(3));
        clock.CallLater(1, () => events.Add(1));
        clock.CallLater(2, () => events.Add(2));
        clock.CallLater(1, () => events.Add(11));
        clock.Advance(10);
        Assert.Equal(new[] { 1, 11, 2, 3 }, events);
    }

    [Fact]
    public void Advance_RunsCallsScheduledDuringItThatAreDue()
    {
        var clock = new TaskClock();
        var events = new List<string>();
        clock.CallLater(1, () => { events.Add("a"); clock.CallLater(0, () => events.Add("b")); });
        clock.Advance(1);
        Assert.Equal(new[] { "a", "b" }, events);
    }

    [Fact]
    public void Advance_LetsExceptionsPropagate()
    {
        var clock = new TaskClock();
        clock.CallLater(1, () => throw new InvalidTimeZoneException("boom"));
        Assert.Throws<InvalidTimeZoneException>(() => clock.Advance(1));
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void Pump_AdvancesByEachAmount()
    {
        var clock = new TaskClock();
        var times = new List<double>();
        clock.CallLater(1, () => times.Add(clock.Seconds()));
        clock.CallLater(3, () => times.Add(clock.Seconds()));
        clock.Pump(new[] { 0.5, 0.5, 1.0, 1.0 });
        Assert.Equal(new[] { 1.0, 3.0 }, times);
        Assert.Equal(3, clock.Seconds());
    }

    [Fact]
    public void Reset_MovesTheCall()
    {
        var clock = new TaskClock();
        bool ran = false;
        var call = clock.CallLater(2, () => ran = true);
        clock.Advance(1);
        call.Reset(3);
        Assert.Equal(4, call.Time);
        clock.Advance(2);
        Assert.False(ran);
        clock.Advance(1);
        Assert.True(ran);
    }

    [Fact]
    public void Delay_MovesTheCallLater()
    {
        var clock = new TaskClock();
        bool ran = false;
        var call = clock.CallLater(2, () => ran = true);
        call.Delay(1);
        Assert.Equal(3, call.Time);
        clock.Advance(2);
        Assert.False(ran);
        clock.Advance(1);
        Assert.True(ran);
    }

    [Fact]
    public void Cancel_RemovesTheCall()
    {
        var clock = new TaskClock();
        bool ran = false;
        var call = clock.CallLater(1, () => ran = true);
        call.Cancel();
        clock.Advance(1);
        Assert.False(ran);
        Assert.Empty(clock.GetDelayedCalls());
        Assert.Throws<AlreadyCancelledException>(call.Cancel);
    }

    [Fact]
    public void GetDelayedCalls_ListsPendingCallsSorted()
    {
        var clock = new TaskClock();
        var c2 = clock.CallLater(2, () => { });
        var c1 = clock.CallLater(1, () => { });
        var c3 = clock.CallLater(3, () => { });
        Assert.Equal(new[] { c1, c2, c3 }, clock.GetDelayedCalls());
        clock.Advance(1);
        Assert.Equal(new[] { c2, c3 }, clock.GetDelayedCalls());
        Assert.True(c1.IsCalled);
    }

    [Fact]
    public void CallLater_KeepsCallsOrderedAfterReset()
    {
        var clock = new TaskClock();
        var c1 = clock.CallLater(1, () => { });
        var c2 = clock.CallLater(2, () => { });
        c1.Reset(3);
        Assert.Equal(new[] { c2, c1 }, clock.GetDelayedCalls());
    }
}
