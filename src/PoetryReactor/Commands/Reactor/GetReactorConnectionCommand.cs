using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Completers;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;
using PoetryReactor.Poetry;

namespace PoetryReactor.Commands;

/// <summary>
/// Get-ReactorConnection: the open connections of the module, by id: those Connect-ReactorClient made, those
/// listeners accepted and those poetry servers serve, with their peer, bytes in and out and age. -Id, -Name
/// (wildcards) or -Kind pick some; an id or plain name that matches nothing is a ReactorConnectionNotFound error.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ReactorConnection", DefaultParameterSetName = NameSet, HelpUri = HelpLinks.Docs + "Get-ReactorConnection.md")]
[OutputType(typeof(ReactorConnection))]
public sealed class GetReactorConnectionCommand : ModuleCmdlet
{
    private const string NameSet = "Name";
    private const string IdSet = "Id";

    /// <summary>Names: given with Connect-ReactorClient -Name, or the listener's or server's name; wildcards allowed.</summary>
    [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Connection ids.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public int[] Id { get; set; } = Array.Empty<int>();

    /// <summary>Only connections of these kinds: Client, Listener, PoetryServer.</summary>
    [Parameter]
    public ReactorConnectionKind[]? Kind { get; set; }

    protected override void ProcessRecord()
    {
        if (!PipedObjectFits(typeof(ReactorConnection))) return;
        var found = HandleQuery.Select(All(), ParameterSetName == IdSet ? Id : null, Name, null, c => c.Id, c => c.Name, null,
            NotFound(ErrorCatalog.ReactorConnectionNotFound, "open connection", "Get-ReactorConnection"));
        WriteObject(found.Where(c => Kind is null || Kind.Contains(c.Kind)), enumerateCollection: true);
    }

    /// <summary>Every open connection of the module, by id.</summary>
    internal static IReadOnlyList<ReactorConnection> All() =>
        (ModuleReactor.Current?.Connections.List() ?? Array.Empty<ReactorConnection>())
            .Concat(ModuleReactor.Workers.SelectMany(w => w.Connections.List()))
            .Concat(PoetryServerRegistry.List().SelectMany(s => s.OpenConnections()))
            .Where(c => c.State is ReactorConnectionState.Connecting or ReactorConnectionState.Connected)
            .OrderBy(c => c.Id).ToArray();
}
