using System.Management.Automation;
using PoetryReactor.Core;

namespace PoetryReactor.Commands;

/// <summary>
/// Stop-Reactor: Twisted's reactor.stop(). Shutdown triggers run, listening ports and connections close,
/// pending delayed calls are dropped, and the reactor thread ends (this cmdlet waits for it). Inside a
/// callback the stop happens once the callback returns. A stopped reactor never runs again: the next cmdlet
/// that needs one starts a new one. With no reactor running (or one already stopping) it is an error,
/// ErrorId ReactorNotRunning.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "Reactor", SupportsShouldProcess = true)]
[OutputType(typeof(ReactorInfo))]
public sealed class StopReactorCommand : ReactorCmdlet
{
    /// <summary>Seconds to wait for the reactor thread to end (shutdown triggers may take time).</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public double TimeoutSec { get; set; } = 30;

    /// <summary>Emits the stopped reactor's final <see cref="ReactorInfo"/>.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var host = ModuleReactor.Current;
        if (host is null || host.IsStopping)
        {
            NotRunning(host is null ? "No reactor is running." : "The reactor is already stopping.");
            return;
        }
        if (!ShouldProcess($"reactor {host.Id} ({host.Reactor.Backend})", "Stop")) return;
        if (!ModuleReactor.RequestStop(host))
        {
            NotRunning("The reactor is already stopping.");
            return;
        }
        if (host.IsCurrentThread) return; // inside a callback: the loop stops once it returns
        if (!WaitHandle.WaitAny(new[] { host.StoppedHandle, Stopping.WaitHandle }, TimeSpan.FromSeconds(TimeoutSec)).Equals(0))
        {
            if (Stopping.IsCancellationRequested) throw new PipelineStoppedException();
            WriteError(Errors.Record(
                new TimeoutException($"The reactor did not finish stopping within {TimeoutSec:0.###} s: a shutdown callback may be blocking it. It keeps stopping in the background."),
                "ReactorStopTimeout", ErrorCategory.OperationTimeout, host.Id));
            return;
        }
        if (PassThru) WriteObject(ReactorInfo.Capture(host, Stopping));
    }

    private void NotRunning(string message) =>
        WriteError(Errors.Record(new ReactorNotRunningException(message), "ReactorNotRunning", ErrorCategory.InvalidOperation, null));
}
