using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PoetryReactor.Core.Poetry;

namespace PoetryReactor.Poetry;

/// <summary>The poems that ship with the module, in the <c>poems</c> folder beside its assembly.</summary>
internal static class ShippedPoems
{
    /// <summary>The folder the shipped poems live in.</summary>
    public static string Folder { get; } =
        Path.Combine(Path.GetDirectoryName(typeof(ShippedPoems).Assembly.Location)!, "poems");

    /// <summary>The catalog of the shipped poems; a missing folder is a broken install, so it throws.</summary>
    public static PoemCatalog Catalog => new(Folder);

    /// <summary>The shipped poems, or none when the folder is missing (for completion, which must not throw).</summary>
    public static IReadOnlyList<PoemInfo> ListQuietly()
    {
        try { return Catalog.List(); }
        catch (PoetryException) { return Array.Empty<PoemInfo>(); }
    }
}
