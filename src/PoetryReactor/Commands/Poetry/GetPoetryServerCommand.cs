using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Errors;
using PoetryReactor.Objects;
using PoetryReactor.Poetry;

namespace PoetryReactor.Commands;

/// <summary>
/// Get-PoetryServer: the poetry servers this session started and has not stopped, by id. Filters
/// by name (wildcards), id or port; an id, port or plain name that matches nothing is a
/// non-terminating PoetryServerNotFound error.
/// </summary>
[Cmdlet(VerbsCommon.Get, "PoetryServer", DefaultParameterSetName = NameSet)]
[OutputType(typeof(PoetryServer))]
public sealed class GetPoetryServerCommand : ModuleCmdlet
{
    private const string NameSet = "Name";
    private const string IdSet = "Id";
    private const string PortSet = "Port";

    /// <summary>Server names (the poems' names); wildcards allowed.</summary>
    [Parameter(Position = 0, ParameterSetName = NameSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    /// <summary>Server ids.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    public int[] Id { get; set; } = Array.Empty<int>();

    /// <summary>Listening ports.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PortSet)]
    [ValidateRange(1, 65535)]
    public int[] Port { get; set; } = Array.Empty<int>();

    protected override void ProcessRecord()
    {
        var servers = PoetryServerRegistry.List();
        switch (ParameterSetName)
        {
            case IdSet:
                foreach (var id in Id)
                    WriteOrMiss(servers.Where(s => s.Id == id), $"id {id}", id);
                break;
            case PortSet:
                foreach (var port in Port)
                    WriteOrMiss(servers.Where(s => s.Port == port), $"port {port}", port);
                break;
            default:
                if (Name is null)
                {
                    WriteObject(servers, enumerateCollection: true);
                    break;
                }
                foreach (var name in Name)
                {
                    var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                    var found = servers.Where(s => pattern.IsMatch(s.Name));
                    if (WildcardPattern.ContainsWildcardCharacters(name)) WriteObject(found, enumerateCollection: true);
                    else WriteOrMiss(found, $"name '{name}'", name);
                }
                break;
        }
    }

    private void WriteOrMiss(IEnumerable<PoetryServer> found, string what, object target)
    {
        var list = found.ToList();
        WriteObject(list, enumerateCollection: true);
        if (list.Count == 0)
            WriteError(ErrorCatalog.PoetryServerNotFound, new ItemNotFoundException($"No running poetry server has {what}. Get-PoetryServer lists them."), target);
    }
}
