using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>
/// Wait-Reactor: blocks while the module's reactor runs, writing every record of the callbacks no other
/// cmdlet waits for (output, errors, warnings, verbose, information) into its own pipeline as they come,
/// until the reactor stops or the timeout passes. Ctrl+C ends the wait and leaves the reactor running.
/// With no reactor running it writes what is still queued and returns.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "Reactor", HelpUri = HelpLinks.Docs + "Wait-Reactor.md")]
[OutputType(typeof(object))]
public sealed class WaitReactorCommand : StreamingCmdlet
{
    /// <summary>Seconds to wait at most; 0 (the default) waits until the reactor stops.</summary>
    [Parameter(Position = 0)]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; }

    /// <summary>Waits in a job instead (Get-Job): Receive-Job reads the records as they come, Stop-Job ends the wait.</summary>
    [Parameter]
    public SwitchParameter AsJob { get; set; }

    /// <summary>With -AsJob, the job's name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JobName { get; set; }

    protected override void EndProcessing()
    {
        var host = ModuleReactor.Current;
        if (AsJob)
        {
            var limit = TimeoutSec == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(TimeoutSec);
            var job = new ReactorJob(MyInvocation.Line, JobName);
            JobRepository.Add(job);
            job.Start(j => PumpInto(j, host, limit));
            WriteObject(job);
            return;
        }
        if (RefuseInCallback("Wait-Reactor")) return;
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

    // The job's thread: the event queue into the job until the reactor stops, the timeout passes or Stop-Job.
    private static void PumpInto(ReactorJob job, ReactorHost? host, TimeSpan timeout)
    {
        using var until = CancellationTokenSource.CreateLinkedTokenSource(job.Token, host?.StoppedToken ?? new CancellationToken(true));
        if (timeout != Timeout.InfiniteTimeSpan) until.CancelAfter(timeout);
        var events = ModuleReactor.Events;
        try
        {
            while (events.TryTake(out var item, Timeout.InfiniteTimeSpan, until.Token, out _)) job.Write(item);
        }
        catch (OperationCanceledException)
        {
            // Stopped, timed out or the reactor ended: what is queued now is still the job's.
            for (var i = 0; i < events.Capacity && events.TryTake(out var item, TimeSpan.Zero, CancellationToken.None, out _); i++) job.Write(item);
        }
    }
}
