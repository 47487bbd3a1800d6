namespace PoetryReactor.Core.Tests;

/// <summary>
/// Core's public types are what a C# user of the reactor, TCP and poetry needs (docs/csharp.md).
/// A type that becomes public, or stops being, fails here until PublicApi.txt says so on purpose.
/// </summary>
public class PublicApiTests
{
    [Fact]
    public void The_public_types_are_the_ones_listed_in_PublicApi_txt()
    {
        var actual = typeof(Reactor).Assembly.GetExportedTypes().Select(Describe).Order(StringComparer.Ordinal).ToArray();
        var listed = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "PublicApi.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

        Assert.Equal(listed, actual);
    }

    internal static string Describe(Type t) =>
        $"{(t.IsInterface ? "interface" : t.IsEnum ? "enum" : t.IsValueType ? "struct" : "class")} {t.FullName}";
}
