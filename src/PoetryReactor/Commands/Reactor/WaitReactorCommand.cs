using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Hosting;

namespace PoetryReactor.Commands;

/// <summary>
/// Wait-Reactor: blocks while the module's reactor runs, writing every record of the callbacks no other
/// cmdlet waits for (output, errors, warnings, verbose, information) into its own pipeline as they come,
/// until the reactor stops or the timeout passes. Ctrl+C ends the wait and leaves the reactor running.
/// With no reactor running it writes what is still queued and returns.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "Reactor")]
[OutputType(typeof(object))]
public sealed class WaitReactorCommand : StreamingCmdlet
{
    /// <summary>Seconds to wait at most; 0 (the default) waits until the reactor stops.</summary>
    [Parameter(Position = 0)]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; }

    protected override void EndProcessing()
    {
        if (RefuseInCallback("Wait-Reactor")) return;
        var host = ModuleReactor.Current;
        if (host is null)
        {
            WriteVerbose("No reactor is running: writing the records still queued.");
            Drain(ModuleReactor.Events);
            return;
        }
        var timeout = TimeoutSec == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(TimeoutSec);
        if (!Pump(ModuleReactor.Events, timeout, host.StoppedToken))
            WriteVerbose($"The reactor still runs after {TimeoutSec:0.###} s.");
    }
}
