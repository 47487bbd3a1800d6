using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Completers;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>
/// Stop-ReactorListener: stops listeners made by Start-ReactorListener (the port is free when it returns),
/// given as objects, ids, names or ports. Connections already accepted stay open, as with Twisted's
/// stopListening, unless -CloseConnections. Stopping a listener that has stopped is quiet.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "ReactorListener", SupportsShouldProcess = true, DefaultParameterSetName = ObjectSet, HelpUri = HelpLinks.Docs + "Stop-ReactorListener.md")]
[OutputType(typeof(ReactorListener))]
public sealed class StopReactorListenerCommand : ReactorCmdlet
{
    private const string ObjectSet = "InputObject";
    private const string PortSet = "Port";
    private const string IdSet = "Id";
    private const string NameSet = "Name";

    /// <summary>The listeners to stop.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
    [ValidateNotNull]
    [Alias("Listener")]
    public ReactorListener[] InputObject { get; set; } = null!;

    /// <summary>The ports of the listeners to stop, on the running reactor.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PortSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 65535)]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public int[] Port { get; set; } = null!;

    /// <summary>Listener ids.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public int[] Id { get; set; } = Array.Empty<int>();

    /// <summary>Listener names; wildcards allowed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Also closes the listeners' open connections, cleanly.</summary>
    [Parameter]
    public SwitchParameter CloseConnections { get; set; }

    /// <summary>Emits each listener after stopping it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        IEnumerable<ReactorListener> listeners = InputObject;
        if (ParameterSetName != ObjectSet)
        {
            if (!PipedObjectFits(typeof(ReactorListener))) return;
            listeners = HandleQuery.Select(ModuleReactor.Current?.Listeners.List() ?? Array.Empty<ReactorListener>(),
                ParameterSetName == IdSet ? Id : null, ParameterSetName == NameSet ? Name : null, ParameterSetName == PortSet ? Port : null,
                l => l.Id, l => l.Name, l => l.Port, NotFound(ErrorCatalog.ReactorListenerNotFound, "reactor listener", "Get-ReactorListener"));
        }
        foreach (var listener in listeners) StopOne(listener);
    }

    private void StopOne(ReactorListener listener)
    {
        if (!ShouldProcess(listener.Address, "Stop listening")) return;
        if (TryRun(() => listener.Stop(CloseConnections, StopToken), listener.Address, ErrorCatalog.ReactorNotRunning) && PassThru)
            WriteObject(listener);
    }
}
