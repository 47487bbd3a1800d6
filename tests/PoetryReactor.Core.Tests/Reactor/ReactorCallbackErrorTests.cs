namespace PoetryReactor.Core.Tests;

/// <summary>Exceptions in callbacks are reported with the callback's name and the loop goes on (Part 3).</summary>
public class ReactorCallbackErrorTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    private readonly RecordingLog _log = new();

    [Theory, MemberData(nameof(Backends))]
    public void TakeThatTwisted_FirstCallbackThrows_SecondRunsAndStopsTheReactor(ReactorBackendKind backend)
    {
        var reactor = ReactorTestKit.Create(backend, _log);
        var failed = new List<ReactorErrorEventArgs>();
        reactor.CallbackFailed += (_, e) => failed.Add(e);
        reactor.CallWhenRunning(FallsOverAndDies);
        reactor.CallWhenRunning(reactor.Stop);
        reactor.Run(); // returns only if the second callback ran
        var (origin, error) = Assert.Single(_log.Errors);
        Assert.Contains(nameof(FallsOverAndDies), origin);
        Assert.IsType<DivideByZeroException>(error);
        Assert.Contains(nameof(FallsOverAndDies), Assert.Single(failed).Origin);
        Assert.Equal(1, reactor.Stats.CallbackErrors);
    }

    [Theory, MemberData(nameof(Backends))]
    public void DelayedCallThrowing_IsReportedAndLaterCallsRun(ReactorBackendKind backend)
    {
        var clock = new ManualClock();
        using var reactor = ReactorTestKit.Create(backend, _log, clock);
        bool secondRan = false;
        reactor.CallLater(1, FallsOverAndDies);
        reactor.CallLater(1, () => secondRan = true);
        clock.Advance(1);
        reactor.Iterate();
        Assert.True(secondRan);
        Assert.Contains(nameof(FallsOverAndDies), Assert.Single(_log.Errors).Origin);
        Assert.Equal(1, reactor.Stats.DelayedCallsRun - reactor.Stats.CallbackErrors);
    }

    [Theory, MemberData(nameof(Backends))]
    public void ThreadActionThrowing_IsReportedAndLaterActionsRun(ReactorBackendKind backend)
    {
        using var reactor = ReactorTestKit.Create(backend, _log, new ManualClock());
        bool secondRan = false;
        reactor.CallFromThread(FallsOverAndDies);
        reactor.CallFromThread(() => secondRan = true);
        reactor.RunUntilCurrent();
        Assert.True(secondRan);
        Assert.Contains(nameof(FallsOverAndDies), Assert.Single(_log.Errors).Origin);
    }

    [Theory, MemberData(nameof(Backends))]
    public void BrokenLogAndHandler_DoNotStopTheLoop(ReactorBackendKind backend)
    {
        var reactor = new Reactor(new ReactorOptions { Backend = backend, Log = new ThrowingLog() });
        reactor.CallbackFailed += (_, _) => throw new InvalidOperationException("handler broke");
        reactor.CallWhenRunning(FallsOverAndDies);
        reactor.CallWhenRunning(reactor.Stop);
        reactor.Run();
        Assert.Equal(1, reactor.Stats.CallbackErrors);
    }

    [Theory, MemberData(nameof(Backends))]
    public void ConnectionLostThrowing_IsReportedWithThePrefix(ReactorBackendKind backend)
    {
        var (a, b) = ReactorTestKit.SocketPair();
        using var _ = a;
        using var __ = b;
        var reactor = ReactorTestKit.Create(backend, _log);
        reactor.AddReader(new LosesBadly(a));
        reactor.CallWhenRunning(reactor.Stop);
        reactor.Run();
        var (origin, error) = Assert.Single(_log.Errors);
        Assert.Equal("loses badly", origin);
        Assert.IsType<FormatException>(error);
    }

    private static void FallsOverAndDies() => throw new DivideByZeroException("Take that, Twisted!");

    private sealed class ThrowingLog : IReactorLog
    {
        public void Error(string origin, Exception ex) => throw new InvalidOperationException("log broke");
        public void Warning(string origin, string message) => throw new InvalidOperationException("log broke");
    }

    private sealed class LosesBadly(System.Net.Sockets.Socket socket) : IReadDescriptor
    {
        public nint Fileno => socket.Handle;
        public System.Net.Sockets.Socket? Socket => socket;
        public string LogPrefix => "loses badly";
        public Exception? DoRead() => null;
        public void ConnectionLost(Exception reason) => throw new FormatException("cannot cope");
    }
}
