namespace PoetryReactor.Core.Tests;

/// <summary>Reactor.InvokeAsync: Twisted's blockingCallFromThread as a task.</summary>
public class ReactorInvokeAsyncTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    private readonly RecordingLog _log = new();

    [Theory, MemberData(nameof(Backends))]
    public async Task From_another_thread_the_function_runs_on_the_reactor_thread_and_its_result_comes_back(ReactorBackendKind backend)
    {
        using var running = RunningReactor.Start(ReactorTestKit.Create(backend, _log));

        var thread = await running.Reactor.InvokeAsync(() => Environment.CurrentManagedThreadId).WaitAsync(ReactorTestKit.Patience);

        Assert.Equal(running.ManagedThreadId, thread);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task What_the_function_throws_fails_the_task_and_is_not_logged_as_a_callback_error(ReactorBackendKind backend)
    {
        using var running = RunningReactor.Start(ReactorTestKit.Create(backend, _log));

        var task = running.Reactor.InvokeAsync<int>(() => throw new InvalidOperationException("mine"));

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => task.WaitAsync(ReactorTestKit.Patience));
        Assert.Equal("mine", thrown.Message);
        Assert.Equal(0, running.Reactor.Stats.CallbackErrors);
    }

    [Fact]
    public async Task Before_the_reactor_runs_the_function_runs_at_once_on_the_caller()
    {
        using var reactor = ReactorTestKit.Create(ReactorBackendKind.Select, _log);

        var task = reactor.InvokeAsync(() => Environment.CurrentManagedThreadId);

        Assert.True(task.IsCompletedSuccessfully);
        Assert.Equal(Environment.CurrentManagedThreadId, await task);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Work_queued_after_the_last_pass_fails_with_ReactorNotRunning_instead_of_never_ending(ReactorBackendKind backend)
    {
        using var running = RunningReactor.Start(ReactorTestKit.Create(backend, _log));
        Task<int>? late = null;
        var queued = new ManualResetEventSlim();
        await running.Reactor.InvokeAsync(() => running.Reactor.AddSystemEventTrigger(SystemEventPhase.After, "shutdown", () =>
        {
            var other = new Thread(() => late = running.Reactor.InvokeAsync(() => 1));
            other.Start();
            other.Join();
            queued.Set();
        })).WaitAsync(ReactorTestKit.Patience);

        running.Reactor.Stop();
        ReactorTestKit.Wait(queued, "the after-shutdown trigger to hand work over");

        await Assert.ThrowsAsync<ReactorNotRunningException>(() => late!.WaitAsync(ReactorTestKit.Patience));
    }

    [Fact]
    public async Task A_stopped_reactor_fails_the_task_at_once()
    {
        var reactor = ReactorTestKit.Create(ReactorBackendKind.Select, _log);
        reactor.Dispose();

        await Assert.ThrowsAsync<ReactorNotRunningException>(() => reactor.InvokeAsync(() => 1));
    }
}
