using PoetryReactor.Callbacks;
using PoetryReactor.Core;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;

namespace PoetryReactor.Tests.Hosting;

/// <summary>The one way onto the reactor thread: answers, failures, busy, cancelled, stopped.</summary>
public sealed class ReactorHostTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly OutputQueue _events = new();
    private readonly ReactorHost _host;

    public ReactorHostTests()
    {
        _host = new ReactorHost(ReactorBackendKind.Default, manualClock: false, _events, modulePath: "unused.psd1");
        _host.Start(Bound);
    }

    public void Dispose()
    {
        ModuleReactor.RequestStop(_host);
        _host.WaitStopped(Bound);
    }

    [Fact]
    public void Invoke_runs_on_the_reactor_thread_and_returns_its_result()
    {
        var (thread, running) = _host.Invoke(r => (Environment.CurrentManagedThreadId, r.IsRunning), CancellationToken.None);

        Assert.Equal(_host.Thread.ManagedThreadId, thread);
        Assert.True(running);
    }

    [Fact]
    public void Invoke_rethrows_what_the_function_threw_unwrapped()
    {
        var thrown = Assert.Throws<InvalidOperationException>(() =>
            _host.Invoke<int>(_ => throw new InvalidOperationException("from the reactor"), CancellationToken.None));

        Assert.Equal("from the reactor", thrown.Message);
    }

    [Fact]
    public void Invoke_on_the_reactor_thread_runs_at_once_instead_of_waiting_for_itself()
    {
        var nested = _host.Invoke(_ => _host.Invoke(r => r.IsInReactorThread, CancellationToken.None), CancellationToken.None);

        Assert.True(nested);
    }

    [Fact]
    public void A_busy_reactor_thread_is_reported_after_the_busy_timeout()
    {
        using var release = new ManualResetEventSlim();
        _host.BusyTimeout = TimeSpan.FromMilliseconds(100);
        _host.Post(_ => release.Wait(Bound));
        try
        {
            var busy = Assert.Throws<ReactorBusyException>(() => _host.Invoke(_ => 1, CancellationToken.None));
            var record = ErrorRecords.FromException(busy, _host.Id, ErrorCatalog.ReactorNotRunning);
            Assert.Equal("ReactorBusy", record.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.OperationTimeout, record.CategoryInfo.Category);
            Assert.Equal(_host.Id, record.TargetObject);
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public async Task Cancelling_ends_the_wait_on_a_busy_reactor_at_once()
    {
        using var release = new ManualResetEventSlim();
        using var cancel = new CancellationTokenSource();
        _host.Post(_ => release.Wait(Bound));
        try
        {
            var waiting = Task.Run(() => _host.Invoke(_ => 1, cancel.Token));
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Bound));
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public void After_the_reactor_stops_Invoke_says_it_is_not_running()
    {
        ModuleReactor.RequestStop(_host);
        Assert.True(_host.WaitStopped(Bound));

        var ex = Assert.Throws<ReactorNotRunningException>(() => _host.Invoke(_ => 1, CancellationToken.None));
        var record = ErrorRecords.FromException(ex, "target", ErrorCatalog.ReactorBusy);
        Assert.Equal("ReactorNotRunning", record.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidOperation, record.CategoryInfo.Category);
        Assert.Equal("target", record.TargetObject);
    }

    [Fact]
    public async Task Work_handed_over_and_then_dropped_at_shutdown_fails_its_task()
    {
        // Handed over from another thread after the last pass: the reactor finishes without running it.
        Task<int>? late = null;
        _host.Invoke(r => r.AddSystemEventTrigger(SystemEventPhase.After, "shutdown", () =>
        {
            var other = new Thread(() => late = _host.InvokeAsync(_ => 1));
            other.Start();
            other.Join();
        }), CancellationToken.None);
        // WaitStopped below orders the trigger's write of late before the read.
        ModuleReactor.RequestStop(_host);

        Assert.True(_host.WaitStopped(Bound));
        await Assert.ThrowsAsync<ReactorNotRunningException>(() => late!.WaitAsync(Bound));
    }

    [Fact]
    public void A_loop_that_fails_posts_ReactorFailed_with_the_reactor_as_target_and_ends_the_host()
    {
        var broken = new Reactor();
        broken.Dispose(); // a disposed reactor cannot run: Run throws
        var events = new OutputQueue();
        var host = new ReactorHost(events, "unused.psd1", _ => broken);

        Assert.Throws<InvalidOperationException>(() => host.Start(Bound));
        Assert.True(host.IsStopped);
        Assert.NotNull(host.Fault);
        Assert.True(events.TryTake(out var item, Bound, CancellationToken.None, out _));
        var record = Assert.IsType<System.Management.Automation.ErrorRecord>(item.Payload);
        Assert.Equal("ReactorFailed", record.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.NotSpecified, record.CategoryInfo.Category);
        Assert.Equal(host.Id, record.TargetObject);
    }
}
