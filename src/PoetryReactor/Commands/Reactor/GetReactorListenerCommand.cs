using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Completers;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>
/// Get-ReactorListener: the listeners of the running reactor that are still listening, by id; -Port, -Id
/// or -Name (wildcards) pick some. A port, id or plain name that matches nothing is a ReactorListenerNotFound error.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ReactorListener", DefaultParameterSetName = PortSet, HelpUri = HelpLinks.Docs + "Get-ReactorListener.md")]
[OutputType(typeof(ReactorListener))]
public sealed class GetReactorListenerCommand : ModuleCmdlet
{
    private const string PortSet = "Port";
    private const string IdSet = "Id";
    private const string NameSet = "Name";

    /// <summary>Only the listeners on these ports.</summary>
    [Parameter(Position = 0, ParameterSetName = PortSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 65535)]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public int[]? Port { get; set; }

    /// <summary>Listener ids.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public int[] Id { get; set; } = Array.Empty<int>();

    /// <summary>Names given with Start-ReactorListener -Name; wildcards allowed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    protected override void ProcessRecord()
    {
        if (!PipedObjectFits(typeof(ReactorListener))) return;
        var listeners = ModuleReactor.Current?.Listeners.List() ?? Array.Empty<ReactorListener>();
        WriteObject(HandleQuery.Select(listeners, ParameterSetName == IdSet ? Id : null, ParameterSetName == NameSet ? Name : null, Port,
            l => l.Id, l => l.Name, l => l.Port, NotFound(ErrorCatalog.ReactorListenerNotFound, "reactor listener", "Get-ReactorListener")),
            enumerateCollection: true);
    }
}
