namespace PoetryReactor.Core.Tests;

/// <summary>Twisted's test_internet.SystemEventTests (triggerSystemEvent 1–8 and the phase tests).</summary>
public class ReactorSystemEventTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    private readonly RecordingLog _log = new();
    private readonly List<string> _events = new();

    private Reactor Create(ReactorBackendKind backend) => ReactorTestKit.Create(backend, _log, new ManualClock());

    [Theory, MemberData(nameof(Backends))]
    public void Fire_RunsBeforeDuringAfter_WhateverTheOrderAdded(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        reactor.AddSystemEventTrigger(SystemEventPhase.After, "test", () => _events.Add("after"));
        reactor.AddSystemEventTrigger(SystemEventPhase.During, "test", () => _events.Add("during"));
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, "test", () => _events.Add("before"));
        Assert.Empty(_events);
        reactor.FireSystemEvent("test");
        Assert.Equal(new[] { "before", "during", "after" }, _events);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Fire_RunsTriggersOfAPhaseInTheOrderAdded(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        for (int i = 0; i < 5; i++)
        {
            string name = $"during{i}";
            reactor.AddSystemEventTrigger(SystemEventPhase.During, "test", () => _events.Add(name));
        }
        reactor.FireSystemEvent("test");
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"during{i}"), _events);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Fire_OnlyRunsThatEventsTriggers(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        reactor.AddSystemEventTrigger(SystemEventPhase.During, "one", () => _events.Add("one"));
        reactor.AddSystemEventTrigger(SystemEventPhase.During, "two", () => _events.Add("two"));
        reactor.FireSystemEvent("two");
        Assert.Equal(new[] { "two" }, _events);
        reactor.FireSystemEvent("unknown");
        Assert.Equal(new[] { "two" }, _events);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Triggers_AreOneShot(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        reactor.AddSystemEventTrigger(SystemEventPhase.During, "test", () => _events.Add("during"));
        reactor.FireSystemEvent("test");
        reactor.FireSystemEvent("test");
        Assert.Equal(new[] { "during" }, _events);
    }

    [Theory, MemberData(nameof(Backends))]
    public void RemoveTrigger_ItDoesNotRun(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, "remove", () => _events.Add("a"));
        var b = reactor.AddSystemEventTrigger(SystemEventPhase.Before, "remove", () => _events.Add("b"));
        reactor.RemoveSystemEventTrigger(b);
        reactor.FireSystemEvent("remove");
        Assert.Equal(new[] { "a" }, _events);
    }

    [Theory, MemberData(nameof(Backends))]
    public void RemoveTrigger_TwiceUnknownOrFired_Throws(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        using var other = Create(backend);
        var handle = reactor.AddSystemEventTrigger(SystemEventPhase.During, "test", () => { });
        var fired = reactor.AddSystemEventTrigger(SystemEventPhase.During, "fired", () => { });
        var foreign = other.AddSystemEventTrigger(SystemEventPhase.During, "test", () => { });
        reactor.RemoveSystemEventTrigger(handle);
        reactor.FireSystemEvent("fired");
        Assert.ThrowsAny<ArgumentException>(() => reactor.RemoveSystemEventTrigger(handle));
        Assert.ThrowsAny<ArgumentException>(() => reactor.RemoveSystemEventTrigger(new object()));
        Assert.ThrowsAny<ArgumentException>(() => reactor.RemoveSystemEventTrigger(fired));
        Assert.ThrowsAny<ArgumentException>(() => reactor.RemoveSystemEventTrigger(foreign));
    }

    [Theory, MemberData(nameof(Backends))]
    public void AddTrigger_UnknownPhase_Throws(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        Assert.ThrowsAny<ArgumentException>(() => reactor.AddSystemEventTrigger((SystemEventPhase)7, "test", () => { }));
        Assert.ThrowsAny<ArgumentException>(() => reactor.AddSystemEventTrigger(SystemEventPhase.During, "test", (Action)null!));
    }

    [Theory, MemberData(nameof(Backends))]
    public void BeforeTriggerReturningIncompleteTasks_DelaysDuringAndAfterUntilAllComplete(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, "defer", () => first.Task);
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, "defer", () => second.Task);
        reactor.AddSystemEventTrigger(SystemEventPhase.During, "defer", () => _events.Add("during"));
        reactor.AddSystemEventTrigger(SystemEventPhase.After, "defer", () => _events.Add("after"));
        reactor.FireSystemEvent("defer");
        reactor.Iterate();
        Assert.Empty(_events);

        first.SetResult();
        reactor.Iterate();
        Assert.Empty(_events);

        second.SetResult();
        ReactorTestKit.IterateUntil(reactor, () => _events.Count == 2, "the during and after phases");
        Assert.Equal(new[] { "during", "after" }, _events);
    }

    [Theory, MemberData(nameof(Backends))]
    public void SubsequentBeforeTrigger_CompletingAPriorTask_LetsTheEventGoOnAtOnce(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var pending = new TaskCompletionSource();
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, "test", () => pending.Task);
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, "test", () => pending.SetResult());
        reactor.AddSystemEventTrigger(SystemEventPhase.During, "test", () => _events.Add("during"));
        reactor.FireSystemEvent("test");
        Assert.Equal(new[] { "during" }, _events);
    }

    [Theory, MemberData(nameof(Backends))]
    public void FaultedBeforeTask_IsReportedAndTheEventGoesOn(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, "test", ReturnsFaultedTask);
        reactor.AddSystemEventTrigger(SystemEventPhase.During, "test", () => _events.Add("during"));
        reactor.FireSystemEvent("test");
        Assert.Equal(new[] { "during" }, _events);
        var (origin, error) = Assert.Single(_log.Errors);
        Assert.Contains(nameof(ReturnsFaultedTask), origin);
        Assert.IsType<TimeoutException>(error);
    }

    [Theory, MemberData(nameof(Backends))]
    public void ThrowingTrigger_IsReportedAndTheOthersRun(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        reactor.AddSystemEventTrigger(SystemEventPhase.During, "test", ThrowsFromTrigger);
        reactor.AddSystemEventTrigger(SystemEventPhase.During, "test", () => _events.Add("second"));
        reactor.AddSystemEventTrigger(SystemEventPhase.After, "test", () => _events.Add("after"));
        reactor.FireSystemEvent("test");
        Assert.Equal(new[] { "second", "after" }, _events);
        Assert.Contains(nameof(ThrowsFromTrigger), Assert.Single(_log.Errors).Origin);
    }

    [Theory, MemberData(nameof(Backends))]
    public void TriggerAddedWhileFiring_ToALaterPhase_Runs(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, "test", () =>
            reactor.AddSystemEventTrigger(SystemEventPhase.After, "test", () => _events.Add("added")));
        reactor.FireSystemEvent("test");
        Assert.Equal(new[] { "added" }, _events);
    }

    [Theory, MemberData(nameof(Backends))]
    public void StartupTriggers_SeeRunningOnlyInTheAfterPhase(ReactorBackendKind backend)
    {
        var reactor = ReactorTestKit.Create(backend, _log);
        var state = new Dictionary<string, bool>();
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, "startup", () => state["before"] = reactor.IsRunning);
        reactor.AddSystemEventTrigger(SystemEventPhase.During, "startup", () => state["during"] = reactor.IsRunning);
        reactor.AddSystemEventTrigger(SystemEventPhase.After, "startup", () => state["after"] = reactor.IsRunning);
        using var running = RunningReactor.Start(reactor);
        running.OnReactor(() => { });
        Assert.Equal(new Dictionary<string, bool> { ["before"] = false, ["during"] = false, ["after"] = true }, state);
    }

    [Theory, MemberData(nameof(Backends))]
    public void ShutdownTriggers_RunInOrderAroundClosingDescriptors(ReactorBackendKind backend)
    {
        var reactor = ReactorTestKit.Create(backend, _log);
        var (a, b) = ReactorTestKit.SocketPair();
        using var _ = a;
        using var __ = b;
        var descriptor = new SocketDescriptor(a, "pair-a");
        var late = reactor.CallLater(1000, () => { });
        reactor.AddReader(descriptor);
        reactor.AddSystemEventTrigger(SystemEventPhase.After, "shutdown",
            () => _events.Add($"after running={reactor.IsRunning} lost={descriptor.Lost.Count} late={late.IsCancelled}"));
        reactor.AddSystemEventTrigger(SystemEventPhase.During, "shutdown",
            () => _events.Add($"during running={reactor.IsRunning} lost={descriptor.Lost.Count}"));
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, "shutdown",
            () => _events.Add($"before running={reactor.IsRunning} lost={descriptor.Lost.Count}"));
        using var running = RunningReactor.Start(reactor);
        reactor.Stop();
        running.WaitForExit();
        Assert.Equal(new[]
        {
            "before running=True lost=0",
            "during running=True lost=0",
            "after running=False lost=1 late=True",
        }, _events);
    }

    [Theory, MemberData(nameof(Backends))]
    public void ShutdownBeforeTriggerTask_IsAwaitedWhileTheLoopKeepsRunning(ReactorBackendKind backend)
    {
        var reactor = ReactorTestKit.Create(backend, _log);
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, "shutdown", () =>
        {
            // Only the still-running loop can complete this.
            var done = new TaskCompletionSource();
            reactor.CallLater(0.01, () => { _events.Add("timer during shutdown"); done.SetResult(); });
            return done.Task;
        });
        reactor.AddSystemEventTrigger(SystemEventPhase.During, "shutdown", () => _events.Add("during"));
        using var running = RunningReactor.Start(reactor);
        reactor.Stop();
        running.WaitForExit();
        Assert.Equal(new[] { "timer during shutdown", "during" }, _events);
        Assert.Empty(_log.Warnings);
    }

    [Theory, MemberData(nameof(Backends))]
    public void ShutdownBeforeTriggerTask_ThatNeverCompletes_IsBoundedByTheShutdownTimeout(ReactorBackendKind backend)
    {
        var reactor = ReactorTestKit.Create(backend, _log, shutdownTimeout: TimeSpan.FromMilliseconds(200));
        var never = new TaskCompletionSource();
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, "shutdown", () => never.Task);
        reactor.AddSystemEventTrigger(SystemEventPhase.After, "shutdown", () => _events.Add("after"));
        using var running = RunningReactor.Start(reactor);
        reactor.Stop();
        running.WaitForExit();
        Assert.Equal(new[] { "after" }, _events);
        Assert.Contains("did not finish", Assert.Single(_log.Warnings).Message);
    }

    private static Task ReturnsFaultedTask() => Task.FromException(new TimeoutException("before trigger failed"));

    private static void ThrowsFromTrigger() => throw new InvalidOperationException("trigger failed");
}
