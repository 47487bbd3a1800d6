namespace PoetryReactor.Core.Tests;

/// <summary>Twisted's test_posixbase.IterationTimeoutTests: the timeout the loop waits with.</summary>
public class ReactorIterationTimeoutTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    private readonly ManualClock _clock = new(10);

    private Reactor Create(ReactorBackendKind backend) => ReactorTestKit.Create(backend, new RecordingLog(), _clock);

    [Theory, MemberData(nameof(Backends))]
    public void NoCalls_WaitsWithoutLimit(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        Assert.Null(reactor.Timeout());
    }

    [Theory, MemberData(nameof(Backends))]
    public void DelayedCall_TimeoutIsTimeUntilIt(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        reactor.CallLater(1, () => { });
        Assert.Equal(1, reactor.Timeout()!.Value, 9);
    }

    [Theory, MemberData(nameof(Backends))]
    public void TimePasses_TimeoutShrinks_AndIsZeroWhenOverdue(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        reactor.CallLater(1, () => { });
        _clock.Advance(0.25);
        Assert.Equal(0.75, reactor.Timeout()!.Value, 9);
        _clock.Advance(5);
        Assert.Equal(0, reactor.Timeout());
    }

    [Theory, MemberData(nameof(Backends))]
    public void MultipleDelayedCalls_TimeoutIsToTheNearest(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        reactor.CallLater(5, () => { });
        reactor.CallLater(3, () => { });
        reactor.CallLater(4, () => { });
        Assert.Equal(3, reactor.Timeout()!.Value, 9);
    }

    [Theory, MemberData(nameof(Backends))]
    public void CancelledCalls_AreIgnored(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        reactor.CallLater(5, () => { });
        reactor.CallLater(2, () => { }).Cancel();
        Assert.Equal(5, reactor.Timeout()!.Value, 9);
        reactor.GetDelayedCalls().Single().Cancel();
        Assert.Null(reactor.Timeout());
    }

    [Theory, MemberData(nameof(Backends))]
    public void ResetDelayedCall_ChangesTheTimeout(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var call = reactor.CallLater(2, () => { });
        _clock.Advance(1.5);
        call.Reset(3);
        Assert.Equal(3, reactor.Timeout()!.Value, 9);
    }

    [Theory, MemberData(nameof(Backends))]
    public void DelayDelayedCall_ChangesTheTimeout(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var call = reactor.CallLater(2, () => { });
        _clock.Advance(1);
        call.Delay(3);
        Assert.Equal(4, reactor.Timeout()!.Value, 9);
    }

    [Theory, MemberData(nameof(Backends))]
    public void ThreadQueueWork_TimeoutIsZero(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        reactor.CallLater(5, () => { });
        reactor.CallFromThread(() => { });
        Assert.Equal(0, reactor.Timeout());
        reactor.RunUntilCurrent();
        Assert.Equal(5, reactor.Timeout()!.Value, 9);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Iterate_WaitsNoLongerThanTheNearestCall(ReactorBackendKind backend)
    {
        // Real clock: a 50 ms call bounds a 30 s Iterate's wait; once it has run, the queued
        // thread action makes the next wait zero.
        using var reactor = ReactorTestKit.Create(backend, new RecordingLog());
        bool ran = false;
        reactor.CallLater(0.05, () =>
        {
            ran = true;
            reactor.CallFromThread(() => { });
        });
        var started = reactor.Seconds();
        for (int pass = 0; pass < 1000 && !ran; pass++) reactor.Iterate(30);
        Assert.True(ran);
        Assert.True(reactor.Seconds() - started < 25, "Iterate waited past the nearest call");
    }
}
