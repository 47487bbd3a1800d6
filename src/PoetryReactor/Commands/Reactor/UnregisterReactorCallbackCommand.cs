using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Completers;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>
/// Unregister-ReactorCallback: takes back callbacks registered by Register-ReactorCallback before they run
/// (Twisted's removeSystemEventTrigger), given as objects, ids or names. One that has already run, or was
/// unregistered, has nothing left to take back: that is quiet.
/// </summary>
[Cmdlet(VerbsLifecycle.Unregister, "ReactorCallback", SupportsShouldProcess = true, DefaultParameterSetName = ObjectSet, HelpUri = HelpLinks.Docs + "Unregister-ReactorCallback.md")]
[OutputType(typeof(ReactorCallback))]
public sealed class UnregisterReactorCallbackCommand : ReactorCmdlet
{
    private const string ObjectSet = "InputObject";
    private const string IdSet = "Id";
    private const string NameSet = "Name";

    /// <summary>The callbacks, as Register-ReactorCallback -PassThru or Get-ReactorCallback gave them.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
    [ValidateNotNull]
    public ReactorCallback[] InputObject { get; set; } = null!;

    /// <summary>Ids of registered callbacks.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public int[] Id { get; set; } = Array.Empty<int>();

    /// <summary>Names of registered callbacks; wildcards allowed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Emits each callback after taking it back.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        IEnumerable<ReactorCallback> callbacks = InputObject;
        if (ParameterSetName != ObjectSet)
        {
            if (!PipedObjectFits(typeof(ReactorCallback))) return;
            callbacks = HandleQuery.Select(ModuleReactor.Current?.Registrations.List() ?? Array.Empty<ReactorCallback>(),
                ParameterSetName == IdSet ? Id : null, ParameterSetName == NameSet ? Name : null, null, c => c.Id, c => c.Name, null,
                NotFound(ErrorCatalog.ReactorCallbackNotFound, "registered callback", "Get-ReactorCallback"));
        }
        foreach (var callback in callbacks)
        {
            if (callback is null || !ShouldProcess(callback.ToString(), "Unregister")) continue;
            var host = ModuleReactor.Current;
            if (host is null || callback.ReactorId != host.Id || callback.State != ReactorCallbackState.Registered)
                WriteVerbose($"Nothing to unregister: {callback} is {callback.State}.");
            else if (!TryOnReactor(host, _ => callback.Unregister(), callback, ErrorCatalog.ReactorNotRunning, out _))
                continue;
            if (PassThru) WriteObject(callback);
        }
    }
}
