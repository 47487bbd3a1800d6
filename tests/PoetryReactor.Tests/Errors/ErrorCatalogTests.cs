using PoetryReactor.Core.Poetry;
using PoetryReactor.Errors;

namespace PoetryReactor.Tests.Errors;

public class ErrorCatalogTests
{
    [Fact]
    public void Every_entry_has_a_unique_id_a_meaning_and_a_remedy()
    {
        Assert.NotEmpty(ErrorCatalog.All);
        Assert.Equal(ErrorCatalog.All.Count, ErrorCatalog.All.Select(e => e.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var entry in ErrorCatalog.All)
        {
            Assert.Matches("^[A-Z][A-Za-z]+$", entry.Id);
            Assert.EndsWith(".", entry.Meaning);
            Assert.EndsWith(".", entry.Remedy);
        }
    }

    [Fact]
    public void Entries_are_found_by_id_in_any_case()
    {
        Assert.Same(ErrorCatalog.PortInUse, ErrorCatalog.Find("portinuse"));
        Assert.Null(ErrorCatalog.Find("NoSuchError"));
    }

    [Theory]
    [InlineData(PoetryErrorKind.AddressInvalid, "AddressInvalid")]
    [InlineData(PoetryErrorKind.HostNotFound, "PoetryHostNotFound")]
    [InlineData(PoetryErrorKind.ConnectionRefused, "PoetryConnectionRefused")]
    [InlineData(PoetryErrorKind.HostUnreachable, "PoetryHostUnreachable")]
    [InlineData(PoetryErrorKind.Timeout, "PoetryTimeout")]
    [InlineData(PoetryErrorKind.TooLarge, "PoetryTooLarge")]
    [InlineData(PoetryErrorKind.ConnectionLost, "PoetryConnectionLost")]
    [InlineData(PoetryErrorKind.AddressInUse, "PortInUse")]
    [InlineData(PoetryErrorKind.PoemNotFound, "PoetryPoemNotFound")]
    [InlineData(PoetryErrorKind.PoemFileInvalid, "PoetryFileInvalid")]
    [InlineData(PoetryErrorKind.SocketError, "PoetrySocketError")]
    public void Each_poetry_failure_kind_has_its_entry(PoetryErrorKind kind, string id)
    {
        Assert.Equal(id, ErrorCatalog.ForPoetry(kind).Id);
    }

    [Fact]
    public void No_poetry_failure_kind_is_left_without_a_mapping_test()
    {
        // The theory above lists every kind; a new kind must be added there (and mapped on purpose).
        var tested = typeof(ErrorCatalogTests).GetMethod(nameof(Each_poetry_failure_kind_has_its_entry))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (PoetryErrorKind)a.GetData(null!).First()[0]).ToHashSet();
        Assert.Equal(Enum.GetValues<PoetryErrorKind>().ToHashSet(), tested);
    }
}
