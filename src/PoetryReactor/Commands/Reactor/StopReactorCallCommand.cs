using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Completers;
using PoetryReactor.Core;
using PoetryReactor.Core.Defer;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>
/// Stop-ReactorCall: cancels calls made by Invoke-ReactorLater (a looping call stops repeating), given as
/// objects, ids or names. A call that has already run, was cancelled, or was dropped with its reactor has
/// nothing left to stop: that is quiet (a verbose line), as stopping a stopped service is.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "ReactorCall", SupportsShouldProcess = true, DefaultParameterSetName = ObjectSet, HelpUri = HelpLinks.Docs + "Stop-ReactorCall.md")]
[OutputType(typeof(ReactorCall))]
public sealed class StopReactorCallCommand : ReactorCmdlet
{
    private const string ObjectSet = "InputObject";
    private const string IdSet = "Id";
    private const string NameSet = "Name";

    /// <summary>The calls to cancel.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
    [ValidateNotNull]
    [Alias("Call")]
    public ReactorCall[] InputObject { get; set; } = null!;

    /// <summary>Ids of pending calls.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public int[] Id { get; set; } = Array.Empty<int>();

    /// <summary>Names of pending calls; wildcards allowed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Emits each call after cancelling it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        IEnumerable<ReactorCall> calls = InputObject;
        if (ParameterSetName != ObjectSet)
        {
            if (!PipedObjectFits(typeof(ReactorCall))) return;
            calls = HandleQuery.Select(ModuleReactor.Current?.Calls.List() ?? Array.Empty<ReactorCall>(),
                ParameterSetName == IdSet ? Id : null, ParameterSetName == NameSet ? Name : null, null, c => c.Id, c => c.Name, null,
                NotFound(ErrorCatalog.ReactorCallNotFound, "pending or repeating call", "Get-ReactorCall"));
        }
        foreach (var call in calls)
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
            catch (ReactorBusyException ex)
            {
                WriteError(ErrorCatalog.ReactorBusy, ex, call);
                continue;
            }
            if (PassThru) WriteObject(call);
        }
    }
}
