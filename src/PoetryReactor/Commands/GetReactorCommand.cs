using System.Management.Automation;

namespace PoetryReactor.Commands;

/// <summary>
/// Get-Reactor: a live snapshot of the module's reactor (<see cref="ReactorInfo"/>), read on its thread:
/// state, backend, thread, uptime, readers, writers, pending calls, callbacks run and failed, loop lag.
/// Once the reactor has stopped it describes the last one; before any has started it emits nothing.
/// It never starts a reactor.
/// </summary>
[Cmdlet(VerbsCommon.Get, "Reactor")]
[OutputType(typeof(ReactorInfo))]
public sealed class GetReactorCommand : ReactorCmdlet
{
    protected override void EndProcessing()
    {
        var host = ModuleReactor.Current ?? ModuleReactor.Last;
        if (host is null)
        {
            WriteVerbose("No reactor has been started in this session.");
            return;
        }
        try
        {
            WriteObject(ReactorInfo.Capture(host, Stopping));
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (TimeoutException ex)
        {
            WriteError(Errors.Record(ex, "ReactorBusy", ErrorCategory.OperationTimeout, host.Id));
        }
    }
}
