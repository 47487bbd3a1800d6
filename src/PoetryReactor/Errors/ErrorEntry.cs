using System.Management.Automation;

namespace PoetryReactor.Errors;

/// <summary>
/// One entry of the <see cref="ErrorCatalog"/>: the stable ErrorId scripts test, its category, what it
/// means and what to do about it (shown as the record's RecommendedAction and in about_PoetryReactor_Errors).
/// </summary>
public sealed record ErrorEntry(string Id, ErrorCategory Category, string Meaning, string Remedy)
{
    /// <summary>The ErrorId.</summary>
    public override string ToString() => Id;
}
