using System.Text;

namespace PoetryReactor.Core.Poetry;

/// <summary>The poems in a folder: every <c>*.txt</c> file, named by its file name.</summary>
public sealed class PoemCatalog
{
    // The title is the first line; read no more than this to find it.
    private const int TitleScanBytes = 4096;

    /// <summary>A catalog of <paramref name="folder"/>, which must exist.</summary>
    /// <exception cref="PoetryException"><see cref="PoetryErrorKind.PoemNotFound"/> if the folder does not exist.</exception>
    public PoemCatalog(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Folder = System.IO.Path.GetFullPath(folder);
        if (!Directory.Exists(Folder))
        {
            throw new PoetryException(PoetryErrorKind.PoemNotFound, $"Poem folder '{Folder}' does not exist.", Folder);
        }
    }

    /// <summary>The folder's full path.</summary>
    public string Folder { get; }

    /// <summary>Lists the poems, ordered by name, reading each title afresh.</summary>
    public IReadOnlyList<PoemInfo> List() =>
        Directory.EnumerateFiles(Folder, "*.txt", SearchOption.TopDirectoryOnly)
            .Where(path => PoemFile.FileType.IsRegularFile(path) != false)
            .Select(path => new FileInfo(path))
            .Select(f => new PoemInfo(System.IO.Path.GetFileNameWithoutExtension(f.Name), ReadTitle(f.FullName), f.Length, f.FullName))
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToArray();

    /// <summary>Finds a poem by name, ignoring case (an exact match wins).</summary>
    /// <exception cref="PoetryException"><see cref="PoetryErrorKind.PoemNotFound"/>, naming the poems there are.</exception>
    public PoemInfo Find(string name)
    {
        if (TryFind(name, out PoemInfo? poem))
        {
            return poem!;
        }
        string known = string.Join(", ", List().Select(p => p.Name));
        throw new PoetryException(PoetryErrorKind.PoemNotFound,
            $"There is no poem named '{name}' in '{Folder}'. Poems: {(known.Length > 0 ? known : "none")}.", name);
    }

    /// <summary>Like <see cref="Find"/>, but returns false when there is no such poem.</summary>
    public bool TryFind(string? name, out PoemInfo? poem)
    {
        IReadOnlyList<PoemInfo> all = List();
        poem = all.FirstOrDefault(p => p.Name == name) ??
               all.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        return poem is not null;
    }

    /// <summary>Reads a poem's bytes by name (see <see cref="PoemFile.ReadAllBytes"/> for the limits).</summary>
    public byte[] Load(string name, int maxBytes = PoemFile.DefaultMaxBytes) =>
        PoemFile.ReadAllBytes(Find(name).Path, maxBytes);

    private static string ReadTitle(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            byte[] head = new byte[TitleScanBytes];
            int length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            string text = new UTF8Encoding(false).GetString(head, 0, length).TrimStart('\uFEFF');
            int newline = text.IndexOfAny(['\r', '\n']);
            return (newline >= 0 ? text[..newline] : text).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
