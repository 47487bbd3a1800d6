namespace PoetryReactor.Core.Tests;

/// <summary>Twisted's internet/test/test_core.py: run, stop, callWhenRunning, shutdown, iterate.</summary>
public class ReactorCoreTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    private readonly RecordingLog _log = new();

    [Fact]
    public void Backend_DefaultResolvesToEpollOnLinuxElseSelect()
    {
        using var reactor = new Reactor(new ReactorOptions { Log = _log });
        Assert.Equal(OperatingSystem.IsLinux() ? ReactorBackendKind.Epoll : ReactorBackendKind.Select, reactor.Backend);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Backend_IsTheOneAskedFor(ReactorBackendKind backend)
    {
        using var reactor = ReactorTestKit.Create(backend, _log);
        Assert.Equal(backend, reactor.Backend);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Stop_BeforeStart_Raises(ReactorBackendKind backend)
    {
        using var reactor = ReactorTestKit.Create(backend, _log);
        Assert.Throws<ReactorNotRunningException>(reactor.Stop);
        Assert.False(reactor.IsRunning);
        Assert.False(reactor.IsStopped);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Stop_Twice_Raises(ReactorBackendKind backend)
    {
        var reactor = ReactorTestKit.Create(backend, _log);
        Exception? second = null;
        reactor.CallWhenRunning(() =>
        {
            reactor.Stop();
            second = Record.Exception(reactor.Stop);
        });
        reactor.Run();
        Assert.IsType<ReactorNotRunningException>(second);
        Assert.Throws<ReactorNotRunningException>(reactor.Stop);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Run_AfterStop_RaisesNotRestartable(ReactorBackendKind backend)
    {
        var reactor = ReactorTestKit.Create(backend, _log);
        reactor.CallWhenRunning(reactor.Stop);
        reactor.Run();
        Assert.True(reactor.IsStopped);
        Assert.False(reactor.IsRunning);
        Assert.Throws<ReactorNotRestartableException>(reactor.Run);
        Assert.Throws<ReactorNotRestartableException>(() => reactor.Iterate());
    }

    [Theory, MemberData(nameof(Backends))]
    public void Run_WhileRunning_RaisesAlreadyRunning(ReactorBackendKind backend)
    {
        var reactor = ReactorTestKit.Create(backend, _log);
        Exception? nested = null, iterate = null;
        reactor.CallWhenRunning(() =>
        {
            nested = Record.Exception(reactor.Run);
            iterate = Record.Exception(() => reactor.Iterate());
            reactor.Stop();
        });
        reactor.Run();
        Assert.IsType<ReactorAlreadyRunningException>(nested);
        Assert.IsType<ReactorAlreadyRunningException>(iterate);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Dispose_BeforeRun_MakesItNotRestartable(ReactorBackendKind backend)
    {
        var reactor = ReactorTestKit.Create(backend, _log);
        reactor.Dispose();
        Assert.True(reactor.IsStopped);
        Assert.Throws<ReactorNotRestartableException>(reactor.Run);
    }

    [Theory, MemberData(nameof(Backends))]
    public void CallWhenRunning_RunsInTheOrderAdded(ReactorBackendKind backend)
    {
        var reactor = ReactorTestKit.Create(backend, _log);
        var order = new List<int>();
        for (int i = 0; i < 5; i++)
        {
            int n = i;
            reactor.CallWhenRunning(() => order.Add(n));
        }
        reactor.CallWhenRunning(reactor.Stop);
        reactor.Run();
        Assert.Equal(Enumerable.Range(0, 5), order);
    }

    [Theory, MemberData(nameof(Backends))]
    public void CallWhenRunning_WhenAlreadyRunning_RunsAtOnce(ReactorBackendKind backend)
    {
        var reactor = ReactorTestKit.Create(backend, _log);
        var order = new List<string>();
        reactor.CallWhenRunning(() =>
        {
            reactor.CallWhenRunning(() => order.Add("inner"));
            order.Add("outer");
            reactor.Stop();
        });
        reactor.Run();
        Assert.Equal(new[] { "inner", "outer" }, order);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Stop_FiresShutdownTriggersAfterItReturns(ReactorBackendKind backend)
    {
        var reactor = ReactorTestKit.Create(backend, _log);
        var order = new List<string>();
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, "shutdown", () => order.Add("shutdown"));
        reactor.CallWhenRunning(() =>
        {
            reactor.Stop();
            order.Add("stop returned");
        });
        reactor.Run();
        Assert.Equal(new[] { "stop returned", "shutdown" }, order);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Stop_FromAnotherThread_WakesAndStopsTheReactor(ReactorBackendKind backend)
    {
        using var running = RunningReactor.Start(ReactorTestKit.Create(backend, _log));
        Assert.True(running.Reactor.IsRunning);
        Assert.False(running.Reactor.IsInReactorThread);
        running.Reactor.Stop();
        running.WaitForExit();
        Assert.True(running.Reactor.IsStopped);
        Assert.Null(running.Reactor.ThreadId);
    }

    [Theory, MemberData(nameof(Backends))]
    public void ThreadId_IsTheRunningThread(ReactorBackendKind backend)
    {
        using var running = RunningReactor.Start(ReactorTestKit.Create(backend, _log));
        Assert.Equal(running.ManagedThreadId, running.Reactor.ThreadId);
        Assert.True(running.OnReactor(() => running.Reactor.IsInReactorThread));
    }

    [Theory, MemberData(nameof(Backends))]
    public void ReactorThreadMethods_FromAnotherThreadWhileRunning_Throw(ReactorBackendKind backend)
    {
        using var running = RunningReactor.Start(ReactorTestKit.Create(backend, _log));
        Assert.Throws<InvalidOperationException>(() => running.Reactor.CallLater(1, () => { }));
        Assert.Throws<InvalidOperationException>(() => running.Reactor.FireSystemEvent("test"));
    }

    [Theory, MemberData(nameof(Backends))]
    public void Shutdown_DropsPendingDelayedCalls(ReactorBackendKind backend)
    {
        var reactor = ReactorTestKit.Create(backend, _log);
        var late = reactor.CallLater(1000, () => { });
        reactor.CallWhenRunning(reactor.Stop);
        reactor.Run();
        Assert.True(late.IsCancelled);
        Assert.Empty(reactor.GetDelayedCalls());
    }

    [Theory, MemberData(nameof(Backends))]
    public void Iterate_WithoutRun_RunsDueCallsAndThreadActions(ReactorBackendKind backend)
    {
        var clock = new ManualClock();
        using var reactor = ReactorTestKit.Create(backend, _log, clock);
        var order = new List<string>();
        reactor.CallLater(1, () => order.Add("timer"));
        reactor.CallFromThread(() => order.Add("thread"));
        reactor.Iterate();
        Assert.Equal(new[] { "thread" }, order);
        clock.Advance(1);
        reactor.Iterate();
        Assert.Equal(new[] { "thread", "timer" }, order);
        Assert.True(reactor.Stats.Iterations >= 2);
        Assert.Equal(2, reactor.Stats.CallbacksRun);
        Assert.ThrowsAny<ArgumentException>(() => reactor.Iterate(-1));
    }
}
