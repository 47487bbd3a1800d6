namespace PoetryReactor.Tests;

/// <summary>
/// The module's public types are its cmdlets, their bases, and what they emit or take: a type that
/// becomes public, or stops being, fails here until PublicApi.txt says so on purpose.
/// </summary>
public class PublicApiTests
{
    [Fact]
    public void The_public_types_are_the_ones_listed_in_PublicApi_txt()
    {
        var actual = typeof(PoetryReactor.Errors.ErrorCatalog).Assembly.GetExportedTypes()
            .Select(t => $"{(t.IsInterface ? "interface" : t.IsEnum ? "enum" : t.IsValueType ? "struct" : "class")} {t.FullName}")
            .Order(StringComparer.Ordinal).ToArray();
        var listed = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "PublicApi.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

        Assert.Equal(listed, actual);
    }
}
