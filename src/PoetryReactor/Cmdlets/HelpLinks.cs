namespace PoetryReactor.Cmdlets;

/// <summary>Where the help lives online: Get-Help -Online opens a cmdlet's page in the repository.</summary>
internal static class HelpLinks
{
    /// <summary>The project.</summary>
    public const string Project = "https://github.com/PoetryReactor/PoetryReactor";

    /// <summary>The folder of the cmdlet pages; a cmdlet's is <c>Docs + "Verb-Noun.md"</c>.</summary>
    public const string Docs = Project + "/blob/main/docs/en-US/";
}
