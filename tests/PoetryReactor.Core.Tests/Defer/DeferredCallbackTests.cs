using PoetryReactor.Core.Defer;
using static PoetryReactor.Core.Tests.Defer.DeferredAssert;

namespace PoetryReactor.Core.Tests.Defer;

/// <summary>Callbacks, errbacks and firing, ported from Twisted's DeferredTests and AlreadyCalledTests.</summary>
public class DeferredCallbackTests
{
    [Fact]
    public void Callback_PassesResultToCallback_AndNotToErrback()
    {
        var d = new Deferred<string>();
        string? seen = null;
        bool errbackRan = false;
        d.AddCallbacks(r => seen = r, e => { errbackRan = true; return ""; });
        d.Callback("hello");
        Assert.Equal("hello", seen);
        Assert.False(errbackRan);
    }

    [Fact]
    public void CallbackReturnValue_BecomesResultForNextCallback()
    {
        var d = new Deferred<int>();
        var seen = new List<int>();
        d.AddCallback(r => { seen.Add(r); return r * 10; });
        d.AddCallback(r => { seen.Add(r); return r + 1; });
        d.Callback(4);
        Assert.Equal(new[] { 4, 40 }, seen);
        Assert.Equal(41, SuccessResultOf(d));
    }

    [Fact]
    public void AddCallbacks_NullErrback_PassesFailureThrough()
    {
        var error = new GenericError("oopsie");
        var d = new Deferred<int>();
        bool callbackRan = false;
        d.AddCallbacks(r => { callbackRan = true; return r; }, null);
        d.Errback(error);
        Assert.False(callbackRan);
        Assert.Same(error, FailureResultOf(d));
    }

    [Fact]
    public void AddCallbacks_FailureThrownByCallback_SkipsItsOwnErrback()
    {
        var d = new Deferred<int>();
        bool sameLevelErrback = false;
        d.AddCallbacks(_ => throw new GenericError("cb"), _ => { sameLevelErrback = true; return 0; });
        d.Callback(1);
        Assert.False(sameLevelErrback);
        Assert.IsType<GenericError>(FailureResultOf(d));
    }

    [Fact]
    public void Succeed_FiresImmediately()
    {
        var d = Deferred<string>.Succeed("success");
        Assert.True(d.Called);
        Assert.Equal("success", SuccessResultOf(d));
    }

    [Fact]
    public void Fail_FiresImmediately()
    {
        var d = Deferred<int>.Fail(new GenericError("fail"));
        Assert.True(d.Called);
        Assert.Equal("fail", FailureResultOf(d).Message);
    }

    [Fact]
    public void CallbackThatThrows_TurnsChainIntoFailure()
    {
        var d = new Deferred<int>();
        Exception? caught = null;
        d.AddCallback(r => r / (r - 1)).AddErrback(e => { caught = e; return -1; });
        d.Callback(1);
        Assert.IsType<DivideByZeroException>(caught);
        Assert.Equal(-1, SuccessResultOf(d));
    }

    [Fact]
    public void CallbacksAfterFailure_AreSkippedUntilAnErrback()
    {
        var d = new Deferred<int>();
        var ran = new List<string>();
        d.AddCallback(r => { ran.Add("cb1"); return r; });
        d.AddErrback(e => { ran.Add("eb1:" + e.Message); return 7; });
        d.AddCallback(r => { ran.Add("cb2:" + r); return r; });
        d.Errback(new GenericError("x"));
        Assert.Equal(new[] { "eb1:x", "cb2:7" }, ran);
    }

    [Fact]
    public void ErrbackThatThrows_KeepsChainFailed_WithTheNewException()
    {
        var d = Deferred<int>.Fail(new GenericError("first"));
        var second = new InvalidOperationException("second");
        d.AddErrback(int (_) => throw second);
        Assert.Same(second, FailureResultOf(d));
    }

    [Fact]
    public void TypedErrback_HandlesOnlyItsExceptionType()
    {
        var d = Deferred<int>.Fail(new GenericError("g"));
        bool wrongTypeRan = false;
        d.AddErrback((ArgumentException _) => { wrongTypeRan = true; return 1; });
        d.AddErrback((GenericError e) => e.Message.Length);
        Assert.False(wrongTypeRan);
        Assert.Equal(1, SuccessResultOf(d));
    }

    [Fact]
    public void AddBoth_SeesResultOrFailure_AndItsReturnValueReplacesEither()
    {
        var ok = Deferred<int>.Succeed(5);
        ok.AddBoth((v, e) => e is null ? v * 2 : -1);
        Assert.Equal(10, SuccessResultOf(ok));

        var bad = Deferred<int>.Fail(new GenericError());
        Exception? seen = null;
        bad.AddBoth((v, e) => { seen = e; return 99; });
        Assert.IsType<GenericError>(seen);
        Assert.Equal(99, SuccessResultOf(bad));
    }

    [Fact]
    public void CallbackAddedAfterFiring_RunsImmediately()
    {
        var d = new Deferred<int>();
        d.Callback(3);
        int seen = 0;
        d.AddCallback(r => seen = r);
        Assert.Equal(3, seen);
    }

    [Fact]
    public void Then_MapsResultToNewDeferredOfAnotherType_LeavingSourceResult()
    {
        var d = new Deferred<int>();
        Deferred<string> mapped = d.Then(r => $"#{r}");
        AssertNoResult(mapped);
        d.Callback(42);
        Assert.Equal("#42", SuccessResultOf(mapped));
        Assert.Equal(42, SuccessResultOf(d));
    }

    [Fact]
    public void Then_PassesSourceFailureToNewDeferred()
    {
        var d = new Deferred<int>();
        var mapped = d.Then(r => r.ToString());
        var error = new GenericError();
        d.Errback(error);
        Assert.Same(error, FailureResultOf(mapped));
    }

    [Fact]
    public void Then_CallbackThatThrows_FailsNewDeferredOnly()
    {
        var d = Deferred<int>.Succeed(1);
        var mapped = d.Then(string (_) => throw new GenericError("map"));
        Assert.Equal("map", FailureResultOf(mapped).Message);
        Assert.Equal(1, SuccessResultOf(d));
    }

    [Fact]
    public void Then_CallbackReturningDeferred_FiresWhenThatOneDoes()
    {
        var inner = new Deferred<string>();
        var mapped = Deferred<int>.Succeed(1).Then(_ => inner);
        AssertNoResult(mapped);
        inner.Callback("later");
        Assert.Equal("later", SuccessResultOf(mapped));
    }

    [Fact]
    public void Then_ResultCannotBeFiredDirectly()
    {
        var mapped = new Deferred<int>().Then(r => r + 1);
        Assert.Throws<AlreadyCalledException>(() => mapped.Callback(1));
        Assert.Throws<AlreadyCalledException>(() => mapped.Errback(new GenericError()));
    }

    [Fact]
    public void UntypedDeferred_CallbackMayChangeTheResultType()
    {
        var d = new Deferred();
        d.AddCallback(r => ((string)r!).Length).AddCallback(n => new[] { (int)n!, (int)n! });
        d.Callback("four");
        Assert.Equal(new[] { 4, 4 }, SuccessResultOf(d));
    }

    [Fact]
    public void Callback_WithADeferredAsResult_IsRejected()
    {
        var d = new Deferred();
        Assert.Throws<ArgumentException>(() => d.Callback(new Deferred()));
        Assert.False(d.Called);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void FiringTwice_RaisesAlreadyCalledException(bool firstIsErrback, bool secondIsErrback)
    {
        var d = new Deferred<string>();
        d.AddCallbacks(r => r, _ => "handled");
        if (firstIsErrback) d.Errback(new GenericError()); else d.Callback("hello");
        Assert.Throws<AlreadyCalledException>(() =>
        {
            if (secondIsErrback) d.Errback(new GenericError()); else d.Callback("twice");
        });
    }

    [Fact]
    public void ReentrantAddCallback_RunsAtTheEndOfTheChain()
    {
        var d = new Deferred<int>();
        var called = new List<int>();
        d.AddCallback(r => { called.Add(1); d.AddCallback(x => { called.Add(3); return x; }); return r; });
        d.AddCallback(r => { called.Add(2); return r; });
        d.Callback(0);
        Assert.Equal(new[] { 1, 2, 3 }, called);
    }

    [Fact]
    public void ReentrantAddCallback_DoesNotRunUntilTheRunningCallbackReturns()
    {
        var d = new Deferred<int>();
        var called = new List<int>();
        List<int>? duringFirst = null;
        d.AddCallback(r =>
        {
            called.Add(1);
            d.AddCallback(x => { called.Add(2); return x; });
            duringFirst = new List<int>(called);
            return r;
        });
        d.Callback(0);
        Assert.Equal(new[] { 1 }, duringFirst);
        Assert.Equal(new[] { 1, 2 }, called);
    }

    [Fact]
    public void ReentrantAddCallbackThatThrows_FailsTheChain()
    {
        var d = new Deferred<int>();
        d.AddCallback(r => { d.AddCallback(int (_) => throw new GenericError("callback raised exception")); return r; });
        d.Callback(0);
        Assert.Equal("callback raised exception", FailureResultOf(d).Message);
    }

    [Fact]
    public void ToString_ShowsStateAndResult()
    {
        var d = new Deferred<string>();
        Assert.Equal("<Deferred<String>>", d.ToString());
        d.Callback("orange");
        Assert.Equal("<Deferred<String> current result: orange>", d.ToString());
    }
}
