using System.Management.Automation;
using PoetryReactor.Callbacks;
using PoetryReactor.Cmdlets;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>
/// Invoke-ReactorWorker: runs blocking work on the module's worker pool, never on the reactor thread
/// (Twisted's deferToThread). From the pipeline it waits and writes the work's output and errors here, as
/// Invoke-Command does; Ctrl+C stops waiting. With -OnComplete, or inside a callback, it returns the
/// <see cref="ReactorWorker"/> at once and the result comes back on the reactor thread: -OnComplete runs
/// there with <c>$_.Result</c> and <c>$_.Error</c>.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ReactorWorker", HelpUri = HelpLinks.Docs + "Invoke-ReactorWorker.md")]
[OutputType(typeof(object), typeof(ReactorWorker))]
public sealed class InvokeReactorWorkerCommand : CallbackCmdlet
{
    /// <summary>The blocking work. Values come by -ArgumentList or <c>$using:</c>; it runs in a runspace of its own thread.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public ScriptBlock ScriptBlock { get; set; } = null!;

    /// <summary>Runs on the reactor thread once the work has ended: <c>$_.Result</c> (its output), <c>$_.Error</c> (what ended it), <c>$_.Worker</c>.</summary>
    [Parameter]
    public ScriptBlock? OnComplete { get; set; }

    /// <summary>Arguments passed to the work's parameters (and -OnComplete's).</summary>
    [Parameter]
    [Alias("Args")]
    public object?[]? ArgumentList { get; set; }

    /// <summary>A name for the worker.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>When waiting: stop waiting after this many seconds (ReactorWaitTimeout); the work goes on. 0 waits without limit.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; }

    protected override void EndProcessing()
    {
        if (!TryCapture(ScriptBlock, ArgumentList, nameof(ScriptBlock), out var work)) return;
        ScriptCallback? onComplete = null;
        if (OnComplete is not null && !TryCapture(OnComplete, ArgumentList, nameof(OnComplete), out onComplete)) return;
        ReactorHost? host = null;
        if (onComplete is not null && !TryGetReactor(out host)) return;
        var wait = onComplete is null && !ModuleReactor.OnReactorThread;
        host ??= ModuleReactor.Current;
        var sink = wait ? new OutputQueue() : (host?.Events ?? ModuleReactor.Events);
        var worker = ReactorWorker.Queue(WorkerPool.Shared, work, onComplete, host, sink, ownsSink: wait, Name, NewForwarder());
        if (worker is null)
        {
            WriteError(ErrorCatalog.ReactorWorkerQueueFull, new InvalidOperationException(
                $"{WorkerPool.MaxQueued} pieces of work already wait for the worker pool ({WorkerPool.Shared.Size} threads); this one was not queued."), ScriptBlock);
            return;
        }
        if (!wait)
        {
            WriteObject(worker);
            return;
        }
        var timeout = TimeoutSec == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(TimeoutSec);
        var finished = false;
        try
        {
            finished = Pump(sink, timeout);
        }
        finally
        {
            // Ctrl+C or the timeout: what the work still writes goes to the event queue; a queued one does not start after Ctrl+C.
            if (!finished)
            {
                if (StopToken.IsCancellationRequested) worker.RequestStop();
                sink.RedirectTo(ModuleReactor.Events);
            }
        }
        if (!finished)
            WriteError(ErrorCatalog.ReactorWaitTimeout, new TimeoutException(
                $"The work did not finish within {TimeoutSec:0.###} s; it goes on, and what it writes goes to the event queue (Wait-Reactor)."), worker);
    }
}
