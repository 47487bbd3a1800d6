using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>
/// Stop-Reactor: Twisted's reactor.stop(). Shutdown triggers run, listening ports and connections close,
/// pending delayed calls are dropped, and the reactor thread ends (this cmdlet waits for it). Inside a
/// callback the stop happens once the callback returns. A stopped reactor never runs again: the next cmdlet
/// that needs one starts a new one. With no reactor running there is nothing to do, quietly (as Stop-Service
/// on a stopped service); one already stopping is waited for.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "Reactor", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Stop-Reactor.md")]
[OutputType(typeof(ReactorInfo))]
public sealed class StopReactorCommand : ReactorCmdlet
{
    /// <summary>Seconds to wait for the reactor thread to end (shutdown triggers may take time); 0 waits without limit.</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public double TimeoutSec { get; set; } = 30;

    /// <summary>Emits the stopped reactor's final <see cref="ReactorInfo"/> (the last one's, when none was running).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var host = ModuleReactor.Current;
        if (host is null)
        {
            WriteVerbose("No reactor is running: nothing to stop.");
            if (PassThru && ModuleReactor.Last is { } last) WriteReactorInfo(last);
            return;
        }
        if (!ShouldProcess($"reactor {host.Id} ({host.Reactor.Backend})", "Stop")) return;
        if (!ModuleReactor.RequestStop(host)) WriteVerbose($"The reactor {host.Id} is already stopping: waiting for it.");
        if (host.IsCurrentThread) return; // inside a callback: the loop stops once it returns
        var timeout = TimeoutSec == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(TimeoutSec);
        if (WaitHandle.WaitAny(new[] { host.StoppedHandle, StopToken.WaitHandle }, timeout) != 0)
        {
            ThrowIfStopping();
            WriteError(ErrorCatalog.ReactorStopTimeout, new TimeoutException(
                $"The reactor did not finish stopping within {TimeoutSec:0.###} s: a shutdown callback may be blocking it. It keeps stopping in the background."), host.Id);
            return;
        }
        if (PassThru) WriteReactorInfo(host);
    }
}
