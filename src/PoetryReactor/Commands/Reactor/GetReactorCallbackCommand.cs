using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Completers;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>
/// Get-ReactorCallback: the callbacks registered by Register-ReactorCallback that have not run or been
/// unregistered, by id; -Id or -Name (wildcards) pick some. An id or plain name that matches nothing is a
/// ReactorCallbackNotFound error.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ReactorCallback", DefaultParameterSetName = NameSet, HelpUri = HelpLinks.Docs + "Get-ReactorCallback.md")]
[OutputType(typeof(ReactorCallback))]
public sealed class GetReactorCallbackCommand : ModuleCmdlet
{
    private const string NameSet = "Name";
    private const string IdSet = "Id";

    /// <summary>Names given with Register-ReactorCallback -Name; wildcards allowed.</summary>
    [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Callback ids.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public int[] Id { get; set; } = Array.Empty<int>();

    protected override void ProcessRecord()
    {
        if (!PipedObjectFits(typeof(ReactorCallback))) return;
        var registered = ModuleReactor.Current?.Registrations.List() ?? Array.Empty<ReactorCallback>();
        WriteObject(HandleQuery.Select(registered, ParameterSetName == IdSet ? Id : null, Name, null, c => c.Id, c => c.Name, null,
            NotFound(ErrorCatalog.ReactorCallbackNotFound, "registered callback", "Get-ReactorCallback")), enumerateCollection: true);
    }
}
