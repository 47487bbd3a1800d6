using System.Management.Automation;
using PoetryReactor.Core;
using PoetryReactor.Core.Defer;

namespace PoetryReactor.Commands;

/// <summary>
/// Stop-ReactorCall: cancels calls made by Invoke-ReactorLater (a looping call stops repeating). A call that
/// has already run is an error (ReactorCallAlreadyCalled), so is one already cancelled or dropped with its
/// reactor (ReactorCallAlreadyCancelled), as Twisted's IDelayedCall.cancel.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "ReactorCall", SupportsShouldProcess = true)]
[OutputType(typeof(ReactorCall))]
public sealed class StopReactorCallCommand : ReactorCmdlet
{
    /// <summary>The calls to cancel.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public ReactorCall[] Call { get; set; } = null!;

    /// <summary>Emits each call after cancelling it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var call in Call)
        {
            if (call is null || !ShouldProcess(call.ToString(), "Cancel")) continue;
            try
            {
                call.Cancel();
                if (PassThru) WriteObject(call);
            }
            catch (AlreadyCalledException ex)
            {
                WriteError(Errors.Record(ex, "ReactorCallAlreadyCalled", ErrorCategory.InvalidOperation, call));
            }
            catch (AlreadyCancelledException ex)
            {
                WriteError(Errors.Record(ex, "ReactorCallAlreadyCancelled", ErrorCategory.InvalidOperation, call));
            }
            catch (ReactorNotRunningException ex)
            {
                WriteError(Errors.Record(ex, "ReactorNotRunning", ErrorCategory.InvalidOperation, call));
            }
            catch (TimeoutException ex)
            {
                WriteError(Errors.Record(ex, "ReactorBusy", ErrorCategory.OperationTimeout, call));
            }
        }
    }
}
