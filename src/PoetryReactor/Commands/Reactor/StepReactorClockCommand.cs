using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Core;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>
/// Step-ReactorClock: moves the manual clock of a reactor started with Start-Reactor -ManualClock forward
/// by -Seconds (Twisted's task.Clock.advance) and returns once the delayed and repeating calls that fell
/// due have run, in time order, each at its own time. Their output comes to this pipeline.
/// </summary>
[Cmdlet(VerbsCommon.Step, "ReactorClock", HelpUri = HelpLinks.Docs + "Step-ReactorClock.md")]
[OutputType(typeof(object), typeof(ReactorInfo))]
public sealed class StepReactorClockCommand : StreamingCmdlet
{
    /// <summary>How far to move the clock, in seconds; 0 runs what is due now.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(0, 3_153_600_000)]
    public double Seconds { get; set; }

    /// <summary>Emits the reactor's snapshot after the step (its ClockTime is the new time).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        if (RefuseInCallback("Step-ReactorClock")) return;
        var host = ModuleReactor.Current;
        if (host is null || !host.Reactor.HasManualClock)
        {
            WriteError(ErrorCatalog.ReactorClockNotManual, new InvalidOperationException(host is null
                ? "No reactor runs; start one with Start-Reactor -ManualClock."
                : "The reactor runs on real time: Step-ReactorClock moves only a manual clock (Start-Reactor -ManualClock)."), Seconds);
            return;
        }
        // What the calls write while the clock moves comes here: the event queue is read, not redirected.
        // Worker reactors (-Workers) keep the same time as the module's.
        if (TryOnReactor(host, r => r.AdvanceClock(Seconds), Seconds, ErrorCatalog.ReactorNotRunning)
            && ModuleReactor.Workers.All(w => TryOnReactor(w, r => r.AdvanceClock(Seconds), Seconds, ErrorCatalog.ReactorNotRunning)))
            Drain(host.Events);
        if (PassThru) WriteReactorInfo(host);
    }
}
