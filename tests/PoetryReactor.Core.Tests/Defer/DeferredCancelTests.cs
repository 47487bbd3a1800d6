using PoetryReactor.Core.Defer;
using static PoetryReactor.Core.Tests.Defer.DeferredAssert;

namespace PoetryReactor.Core.Tests.Defer;

/// <summary>Cancellation, ported from Twisted's DeferredCancellerTests.</summary>
public class DeferredCancelTests
{
    private string? _callbackResult;
    private Exception? _errbackResult;
    private int _cancellerCalls;

    private Deferred<string> Watched(Action<Deferred<string>>? canceller = null)
    {
        var d = new Deferred<string>(canceller);
        d.AddCallbacks(r => _callbackResult = r, e => { _errbackResult = e; return "handled"; });
        return d;
    }

    [Fact]
    public void Cancel_WithoutCanceller_ErrbacksCancelledError()
    {
        var d = Watched();
        d.Cancel();
        Assert.IsType<CancelledError>(_errbackResult);
        Assert.Null(_callbackResult);
    }

    [Fact]
    public void Cancel_WithoutCanceller_SwallowsOneLateCallback_ThenRaises()
    {
        var d = Watched();
        d.Cancel();
        d.Callback("late");
        Assert.Throws<AlreadyCalledException>(() => d.Callback("later"));
        Assert.Throws<AlreadyCalledException>(() => d.Errback(new GenericError()));
        Assert.Null(_callbackResult);
    }

    [Fact]
    public void Cancel_WithoutCanceller_SwallowsOneLateErrback_ThenRaises()
    {
        var d = Watched();
        d.Cancel();
        d.Errback(new GenericError());
        Assert.IsType<CancelledError>(_errbackResult);
        Assert.Throws<AlreadyCalledException>(() => d.Callback("later"));
        Assert.Throws<AlreadyCalledException>(() => d.Errback(new GenericError()));
    }

    [Fact]
    public void CancelAgain_AfterCancelAndLateFire_DoesNothing()
    {
        var d = Watched();
        d.Cancel();
        var first = _errbackResult;
        d.Callback("late");
        d.Cancel();
        Assert.Same(first, _errbackResult);
    }

    [Fact]
    public void CancelTwice_WithoutCanceller_KeepsTheFirstCancelledError()
    {
        var d = Watched();
        d.Cancel();
        var first = _errbackResult;
        d.Cancel();
        Assert.IsType<CancelledError>(first);
        Assert.Same(first, _errbackResult);
    }

    [Fact]
    public void CancelTwice_WithCanceller_RunsCancellerOnce()
    {
        var d = Watched(_ => _cancellerCalls++);
        d.Cancel();
        var first = _errbackResult;
        d.Cancel();
        Assert.IsType<CancelledError>(first);
        Assert.Same(first, _errbackResult);
        Assert.Equal(1, _cancellerCalls);
    }

    [Fact]
    public void Cancel_WithCancellerThatDoesNotFire_ErrbacksCancelledError_AndLateFireRaises()
    {
        var d = Watched(_ => _cancellerCalls++);
        d.Cancel();
        Assert.Equal(1, _cancellerCalls);
        Assert.IsType<CancelledError>(_errbackResult);
        Assert.Throws<AlreadyCalledException>(() => d.Callback("late"));
        Assert.Throws<AlreadyCalledException>(() => d.Errback(new GenericError()));
    }

    [Fact]
    public void Canceller_ReceivesTheCancelledDeferred()
    {
        Deferred<string>? received = null;
        var d = Watched(x => received = x);
        d.Cancel();
        Assert.Same(d, received);
    }

    [Fact]
    public void CancelAfterCallback_IsNoOp()
    {
        var d = Watched(x => { _cancellerCalls++; x.Errback(new GenericError()); });
        d.Callback("biff!");
        d.Cancel();
        Assert.Equal(0, _cancellerCalls);
        Assert.Null(_errbackResult);
        Assert.Equal("biff!", _callbackResult);
    }

    [Fact]
    public void CancelAfterErrback_IsNoOp()
    {
        var d = Watched(x => { _cancellerCalls++; x.Errback(new GenericError()); });
        d.Errback(new ArgumentException());
        d.Cancel();
        Assert.Equal(0, _cancellerCalls);
        Assert.IsType<ArgumentException>(_errbackResult);
    }

    [Fact]
    public void CancellerThatErrbacks_DecidesTheFailure()
    {
        var d = Watched(x => { _cancellerCalls++; x.Errback(new GenericError()); });
        d.Cancel();
        Assert.Equal(1, _cancellerCalls);
        Assert.IsType<GenericError>(_errbackResult);
    }

    [Fact]
    public void CancellerThatCallbacks_DecidesTheResult()
    {
        var d = Watched(x => { _cancellerCalls++; x.Callback("hello!"); });
        d.Cancel();
        Assert.Equal(1, _cancellerCalls);
        Assert.Equal("hello!", _callbackResult);
        Assert.Null(_errbackResult);
    }

    [Fact]
    public void Cancel_OfDeferredWaitingOnInner_CancelsTheInnerInstead()
    {
        var b = new Deferred<string>(_ => _cancellerCalls++);
        var a = new Deferred<string>(_ => throw new Xunit.Sdk.XunitException("outer canceller must not run"));
        a.Callback("x");
        a.AddCallback(_ => b);
        a.Cancel();
        a.AddCallbacks(r => _callbackResult = r, e => { _errbackResult = e; return ""; });
        Assert.Equal(1, _cancellerCalls);
        Assert.IsType<CancelledError>(_errbackResult);
    }

    [Fact]
    public void Cancel_OfThenResult_CancelsTheSource()
    {
        int sourceCancels = 0;
        var source = new Deferred<int>(_ => sourceCancels++);
        var mapped = source.Then(r => r.ToString());
        mapped.Cancel();
        Assert.Equal(1, sourceCancels);
        Assert.IsType<CancelledError>(FailureResultOf(mapped));
        Assert.IsType<CancelledError>(FailureResultOf(source));
    }

    [Fact]
    public void Cancel_OfThenResultWaitingOnInner_CancelsTheInner()
    {
        var inner = new Deferred<string>(_ => _cancellerCalls++);
        var mapped = Deferred<int>.Succeed(1).Then(_ => inner);
        mapped.Cancel();
        Assert.Equal(1, _cancellerCalls);
        Assert.IsType<CancelledError>(FailureResultOf(mapped));
        Assert.Null(SuccessResultOf(inner)); // its failure moved to the waiter
    }
}
