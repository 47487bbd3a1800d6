using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Completers;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Errors;
using PoetryReactor.Objects;
using PoetryReactor.Poetry;

namespace PoetryReactor.Commands;

/// <summary>
/// Get-PoetryServer: the poetry servers this session started and has not stopped, by id. Filters
/// by name (wildcards), id or port; an id, port or plain name that matches nothing is a
/// non-terminating PoetryServerNotFound error.
/// </summary>
[Cmdlet(VerbsCommon.Get, "PoetryServer", DefaultParameterSetName = NameSet, HelpUri = HelpLinks.Docs + "Get-PoetryServer.md")]
[OutputType(typeof(PoetryServer))]
public sealed class GetPoetryServerCommand : ModuleCmdlet
{
    private const string NameSet = "Name";
    private const string IdSet = "Id";
    private const string PortSet = "Port";

    /// <summary>Server names (the poems' names); wildcards allowed.</summary>
    [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Server ids.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public int[] Id { get; set; } = Array.Empty<int>();

    /// <summary>Listening ports.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PortSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 65535)]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public int[] Port { get; set; } = Array.Empty<int>();

    protected override void ProcessRecord()
    {
        if (!PipedObjectFits(typeof(PoetryServer), typeof(PoemInfo))) return;
        WriteObject(Select(this, ParameterSetName, Id, Name, Port), enumerateCollection: true);
    }

    /// <summary>The running servers a Get- or Stop-PoetryServer call names; the misses are PoetryServerNotFound errors.</summary>
    internal static List<PoetryServer> Select(ModuleCmdlet cmdlet, string set, int[] ids, string[]? names, int[] ports) =>
        HandleQuery.Select(PoetryServerRegistry.List(), set == IdSet ? ids : null, set == NameSet ? names : null, set == PortSet ? ports : null,
            s => s.Id, s => s.Name, s => s.Port, cmdlet.NotFound(ErrorCatalog.PoetryServerNotFound, "running poetry server", "Get-PoetryServer"));
}
