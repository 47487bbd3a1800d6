using System.Management.Automation;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Poetry;

namespace PoetryReactor.Tests.Poetry;

public class FetchReportTests
{
    private static Poem Failed(Exception error, byte[] content) =>
        new(2, "127.0.0.1:7", PoetryClientMode.Protocol, content, content.Length == 0 ? 0 : 1,
            DateTimeOffset.Now, DateTimeOffset.Now, TimeSpan.Zero, null, Array.Empty<int>(), error);

    [Fact]
    public void A_poetry_failure_becomes_its_kind_s_entry_with_the_address_as_target()
    {
        var record = FetchReport.ErrorFor(Failed(new PoetryException(PoetryErrorKind.Timeout, "slow", "127.0.0.1:7"), [1, 2, 3]),
            new PoetryException(PoetryErrorKind.Timeout, "127.0.0.1:7: no chunk within 1 s.", "127.0.0.1:7"));

        Assert.Equal("PoetryTimeout", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, record.CategoryInfo.Category);
        Assert.Equal("127.0.0.1:7", record.TargetObject);
        Assert.EndsWith("The partial poem (3 bytes) is in the output with Complete = False.", record.ErrorDetails.Message);
    }

    [Fact]
    public void Any_other_failure_is_PoetryFetchFailed_with_the_address_as_target()
    {
        var error = new IOException("disk on fire");
        var record = FetchReport.ErrorFor(Failed(error, []), error);

        Assert.Equal("PoetryFetchFailed", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.NotSpecified, record.CategoryInfo.Category);
        Assert.Equal("127.0.0.1:7", record.TargetObject);
        Assert.Same(error, record.Exception);
    }
}
