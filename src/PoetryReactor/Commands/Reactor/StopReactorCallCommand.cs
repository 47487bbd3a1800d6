using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Core;
using PoetryReactor.Core.Defer;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>
/// Stop-ReactorCall: cancels calls made by Invoke-ReactorLater (a looping call stops repeating). A call
/// that has already run, was cancelled, or was dropped with its reactor has nothing left to stop: that is
/// quiet (a verbose line), as stopping a stopped service is.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "ReactorCall", SupportsShouldProcess = true)]
[OutputType(typeof(ReactorCall))]
public sealed class StopReactorCallCommand : ReactorCmdlet
{
    /// <summary>The calls to cancel.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    [Alias("Call")]
    public ReactorCall[] InputObject { get; set; } = null!;

    /// <summary>Emits each call after cancelling it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var call in InputObject)
        {
            if (call is null || !ShouldProcess(call.ToString(), "Cancel")) continue;
            try
            {
                call.Cancel(StopToken);
            }
            catch (Exception ex) when (ex is AlreadyCalledException or AlreadyCancelledException or ReactorNotRunningException)
            {
                WriteVerbose($"Nothing to stop: {ex.Message}");
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Hosting.ReactorBusyException ex)
            {
                WriteError(ErrorCatalog.ReactorBusy, ex, call);
                continue;
            }
            if (PassThru) WriteObject(call);
        }
    }
}
