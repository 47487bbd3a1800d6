using System.Management.Automation;
using System.Net.Sockets;
using PoetryReactor.Core;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;

namespace PoetryReactor.Tests.Errors;

public class ErrorRecordsTests
{
    [Fact]
    public void A_record_carries_the_entry_the_target_and_the_remedy()
    {
        var record = ErrorRecords.Create(ErrorCatalog.PoetryServerNotFound, new ItemNotFoundException("none"), 42);

        Assert.Equal("PoetryServerNotFound", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);
        Assert.Equal(42, record.TargetObject);
        Assert.Equal(ErrorCatalog.PoetryServerNotFound.Remedy, record.ErrorDetails.RecommendedAction);
        Assert.Equal("none", record.ErrorDetails.Message);
    }

    [Fact]
    public void Control_characters_from_the_network_are_escaped_in_the_message()
    {
        var record = ErrorRecords.Create(ErrorCatalog.ReactorConnectFailed, new IOException("x"), "a", "server said \u001b[2J\u0007 hi\n");

        Assert.Equal("server said \\x1b[2J\\x07 hi\n", record.ErrorDetails.Message);
    }

    public static TheoryData<Exception, string, ErrorCategory> Exceptions() => new()
    {
        { new ReactorBusyException("busy"), "ReactorBusy", ErrorCategory.OperationTimeout },
        { new ReactorNotRunningException("gone"), "ReactorNotRunning", ErrorCategory.InvalidOperation },
        { new PoetryException(PoetryErrorKind.ConnectionRefused, "refused", "127.0.0.1:9"), "PoetryConnectionRefused", ErrorCategory.ConnectionError },
        { new CannotListenError("127.0.0.1", 9, new SocketException((int)SocketError.AddressAlreadyInUse)), "PortInUse", ErrorCategory.ResourceUnavailable },
        { new CannotListenError("10.9.9.9", 9, new SocketException((int)SocketError.AddressNotAvailable)), "InterfaceInvalid", ErrorCategory.InvalidArgument },
        { new CannotListenError("127.0.0.1", 9, new SocketException((int)SocketError.AccessDenied)), "ListenFailed", ErrorCategory.OpenError },
        { new InvalidDataException("other"), "ReactorStartFailed", ErrorCategory.ResourceUnavailable },
    };

    [Theory, MemberData(nameof(Exceptions))]
    public void Exceptions_become_the_entry_their_type_names_else_the_fallback(Exception ex, string id, ErrorCategory category)
    {
        var record = ErrorRecords.FromException(ex, "the target", ErrorCatalog.ReactorStartFailed);

        Assert.Equal(id, record.FullyQualifiedErrorId);
        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.Equal("the target", record.TargetObject);
        Assert.Same(ex, record.Exception);
    }

    [Fact]
    public void A_failed_callback_names_its_origin_and_keeps_its_own_category()
    {
        var inner = new ErrorRecord(new ArgumentException("bad"), "Mine", ErrorCategory.InvalidArgument, null);
        var record = ErrorRecords.CallbackFailed("Invoke-ReactorLater -ScriptBlock at line 3", new RuntimeException("bad", inner.Exception, inner));

        Assert.Equal("ReactorCallbackFailed", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
        Assert.Equal("Invoke-ReactorLater -ScriptBlock at line 3", record.TargetObject);
        Assert.IsType<ArgumentException>(record.Exception);
        Assert.Equal("Callback Invoke-ReactorLater -ScriptBlock at line 3 failed: bad", record.ErrorDetails.Message);
    }

    [Fact]
    public void A_failed_csharp_callback_has_the_entry_category()
    {
        var record = ErrorRecords.CallbackFailed("Timer.Tick", new InvalidOperationException("boom"));

        Assert.Equal(ErrorCatalog.ReactorCallbackFailed.Category, record.CategoryInfo.Category);
    }
}
