using System.Text;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Servers;

namespace PoetryReactor.Core.Tests.Poetry;

public sealed class PoemCatalogTests : IDisposable
{
    private static readonly string ShippedFolder = Path.Combine(PoetryTestSupport.RepoRoot(), "module", "poems");
    private readonly string _temp = Directory.CreateTempSubdirectory("poetry-catalog-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void Lists_the_shipped_poems_with_titles_and_sizes()
    {
        IReadOnlyList<PoemInfo> poems = new PoemCatalog(ShippedFolder).List();

        Assert.True(poems.Count >= 4, $"only {poems.Count} poems shipped");
        Assert.All(poems, p =>
        {
            Assert.Equal(File.ReadLines(p.Path).First().Trim(), p.Title);
            Assert.NotEmpty(p.Title);
            Assert.Equal(new FileInfo(p.Path).Length, p.Bytes);
            Assert.Equal(Path.GetFileNameWithoutExtension(p.Path), p.Name);
        });
        Assert.Contains(poems, p => p.Bytes >= 2048);
        Assert.Contains(poems, p => p.Name == "lanterns");
        Assert.Equal(poems.Select(p => p.Name).Order(StringComparer.OrdinalIgnoreCase), poems.Select(p => p.Name));
    }

    [Fact]
    public void The_shipped_non_ascii_poem_has_accents_and_multi_byte_characters()
    {
        string text = Encoding.UTF8.GetString(new PoemCatalog(ShippedFolder).Load("Lanterns"));

        Assert.Contains("café", text);
        Assert.Contains("月", text);
        Assert.True(System.Text.Unicode.Utf8.IsValid(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Finds_by_name_ignoring_case_and_names_the_choices_when_unknown()
    {
        File.WriteAllText(Path.Combine(_temp, "Tide.txt"), "The Tide\nin and out\n");
        File.WriteAllText(Path.Combine(_temp, "notes.md"), "not a poem");
        var catalog = new PoemCatalog(_temp);

        Assert.Equal("The Tide", catalog.Find("tide").Title);
        Assert.Equal(Encoding.UTF8.GetBytes("The Tide\nin and out\n"), catalog.Load("TIDE"));
        Assert.Equal(["Tide"], catalog.List().Select(p => p.Name));
        var e = Assert.Throws<PoetryException>(() => catalog.Find("moon"));
        Assert.Equal(PoetryErrorKind.PoemNotFound, e.Kind);
        Assert.Contains("'moon'", e.Message);
        Assert.Contains("Tide", e.Message);
        Assert.Throws<PoetryException>(() => catalog.Find("../Tide"));
        Assert.False(catalog.TryFind("notes", out _));
    }

    [Fact]
    public void A_missing_folder_is_refused()
    {
        var e = Assert.Throws<PoetryException>(() => new PoemCatalog(Path.Combine(_temp, "absent")));
        Assert.Equal(PoetryErrorKind.PoemNotFound, e.Kind);
    }

    [Fact]
    public void Titles_skip_a_byte_order_mark_and_stop_at_the_first_line()
    {
        File.WriteAllBytes(Path.Combine(_temp, "bom.txt"), [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("  Été  \r\nsecond\n")]);

        Assert.Equal("Été", new PoemCatalog(_temp).Find("bom").Title);
    }

    [Fact]
    public void Poem_files_are_read_whole_within_the_limit()
    {
        string path = Path.Combine(_temp, "small.txt");
        File.WriteAllBytes(path, new byte[100]);

        Assert.Equal(100, PoemFile.ReadAllBytes(path, maxBytes: 100).Length);
        var e = Assert.Throws<PoetryException>(() => PoemFile.ReadAllBytes(path, maxBytes: 99));
        Assert.Equal(PoetryErrorKind.PoemFileInvalid, e.Kind);
        Assert.Contains("limit of 99 bytes", e.Message);
    }

    [Fact]
    public void Directories_devices_and_missing_files_are_refused_clearly()
    {
        var directory = Assert.Throws<PoetryException>(() => PoemFile.ReadAllBytes(_temp));
        Assert.Equal(PoetryErrorKind.PoemFileInvalid, directory.Kind);
        Assert.Contains("is a directory", directory.Message);

        var missing = Assert.Throws<PoetryException>(() => PoemFile.ReadAllBytes(Path.Combine(_temp, "none.txt")));
        Assert.Equal(PoetryErrorKind.PoemNotFound, missing.Kind);

        if (OperatingSystem.IsLinux())
        {
            var device = Assert.Throws<PoetryException>(() => PoemFile.ReadAllBytes("/dev/zero"));
            Assert.Equal(PoetryErrorKind.PoemFileInvalid, device.Kind);
            Assert.Contains("device", device.Message);
        }
    }

    [Fact]
    public void Server_options_load_a_poem_file()
    {
        string path = Path.Combine(ShippedFolder, "science.txt");

        Assert.Equal(File.ReadAllBytes(path), PoetryServerOptions.FromFile(path).PoemBytes);
    }
}
