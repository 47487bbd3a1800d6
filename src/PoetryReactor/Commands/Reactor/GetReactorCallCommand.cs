using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Completers;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>
/// Get-ReactorCall: the calls made by Invoke-ReactorLater that are still pending or repeating, by id;
/// -Id or -Name (wildcards) pick some. An id or plain name that matches nothing is a ReactorCallNotFound error.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ReactorCall", DefaultParameterSetName = NameSet, HelpUri = HelpLinks.Docs + "Get-ReactorCall.md")]
[OutputType(typeof(ReactorCall))]
public sealed class GetReactorCallCommand : ModuleCmdlet
{
    private const string NameSet = "Name";
    private const string IdSet = "Id";

    /// <summary>Names given with Invoke-ReactorLater -Name; wildcards allowed.</summary>
    [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Call ids.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public int[] Id { get; set; } = Array.Empty<int>();

    protected override void ProcessRecord()
    {
        if (!PipedObjectFits(typeof(ReactorCall))) return;
        var calls = ModuleReactor.Current?.Calls.List() ?? Array.Empty<ReactorCall>();
        var found = HandleQuery.Select(calls, ParameterSetName == IdSet ? Id : null, Name, null, c => c.Id, c => c.Name, null,
            NotFound(ErrorCatalog.ReactorCallNotFound, "pending or repeating call", "Get-ReactorCall"));
        WriteObject(found, enumerateCollection: true);
    }
}
