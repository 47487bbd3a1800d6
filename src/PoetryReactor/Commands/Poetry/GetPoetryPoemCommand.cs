using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Completers;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Errors;
using PoetryReactor.Poetry;

namespace PoetryReactor.Commands;

/// <summary>
/// Get-PoetryPoem: lists the poems that ship with the module (name, title, size, path), the
/// names <c>Start-PoetryServer -Poem</c> accepts. A name without wildcards that matches no poem
/// is a non-terminating PoetryPoemNotFound error.
/// </summary>
[Cmdlet(VerbsCommon.Get, "PoetryPoem", HelpUri = HelpLinks.Docs + "Get-PoetryPoem.md")]
[OutputType(typeof(PoemInfo))]
public sealed class GetPoetryPoemCommand : ModuleCmdlet
{
    /// <summary>Names of poems to list; wildcards allowed. All poems when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PoemNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        IReadOnlyList<PoemInfo> poems;
        try
        {
            poems = ShippedPoems.Catalog.List();
        }
        catch (PoetryException e)
        {
            ThrowError(ErrorCatalog.PoetryPoemFolderMissing, e, ShippedPoems.Folder);
            return;
        }
        if (Name is null)
        {
            WriteObject(poems, enumerateCollection: true);
            return;
        }
        foreach (var name in Name)
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            var found = poems.Where(p => pattern.IsMatch(p.Name)).ToList();
            WriteObject(found, enumerateCollection: true);
            if (found.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                var known = string.Join(", ", poems.Select(p => p.Name));
                WriteError(ErrorCatalog.PoetryPoemNotFound, new ItemNotFoundException($"There is no shipped poem named '{name}'. Poems: {known}."), name);
            }
        }
    }
}
