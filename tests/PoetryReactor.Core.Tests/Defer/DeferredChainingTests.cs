using System.Diagnostics;
using PoetryReactor.Core.Defer;
using static PoetryReactor.Core.Tests.Defer.DeferredAssert;

namespace PoetryReactor.Core.Tests.Defer;

/// <summary>Callbacks returning Deferreds, pausing, and chain depth, ported from Twisted's DeferredTests.</summary>
public class DeferredChainingTests
{
    [Fact]
    public void Pause_HoldsFailureUntilUnpause()
    {
        var d = Deferred<int>.Fail(new GenericError("fail"));
        d.Pause();
        Exception? seen = null;
        d.AddErrback(e => { seen = e; return 0; });
        Assert.Null(seen);
        Assert.True(d.Paused);
        d.Unpause();
        Assert.Equal("fail", seen!.Message);
    }

    [Fact]
    public void UnpauseBeforeCallback_RunsNothingUntilFired()
    {
        var d = new Deferred<int>();
        int calls = 0;
        d.Pause();
        d.AddCallback(r => { calls++; return r; });
        d.Unpause();
        Assert.Equal(0, calls);
        d.Callback(1);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Unpause_WhenNotPaused_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new Deferred<int>().Unpause());
    }

    [Fact]
    public void CallbackReturningDeferred_PausesChainUntilItFires()
    {
        var d1 = new Deferred<int>();
        var d2 = new Deferred<int>();
        d2.Pause();
        int? seen = null;
        d1.AddCallback(_ => d2);
        d1.AddCallback(r => { seen = r; return r; });
        d1.Callback(1);
        Assert.Null(seen);
        Assert.True(d1.Paused);
        d2.Callback(2);
        Assert.Null(seen);
        d2.Unpause();
        Assert.Equal(2, seen);
        Assert.False(d1.Paused);
    }

    [Fact]
    public void ErrbackReturningDeferred_ChainWaitsForIt()
    {
        var d = new Deferred<string>();
        var d2 = new Deferred<string>();
        var values = new List<string>();
        d.AddErrback(_ => d2).AddCallback(r => { values.Add(r); return r; });
        d.Errback(new ArgumentException());
        AssertNoResult(d);
        Assert.Empty(values);
        d2.Callback("result");
        Assert.Equal(new[] { "result" }, values);
    }

    [Fact]
    public void ChainedPausedDeferredWithResult_WaitsForItsUnpause()
    {
        var paused = Deferred<string>.Succeed("expected");
        paused.Pause();
        var chained = new Deferred<string>();
        chained.AddCallback(_ => paused);
        chained.Callback("ignored");
        var result = new List<string>();
        chained.AddCallback(r => { result.Add(r); return r; });
        Assert.Empty(result);
        paused.Unpause();
        Assert.Equal(new[] { "expected" }, result);
    }

    [Fact]
    public void PausedDeferredInChain_DoesNotBlockEarlierDeferreds()
    {
        var first = new Deferred<string>();
        var second = new Deferred<string>();
        first.AddCallback(_ => second);
        first.Callback("x");
        first.Pause();
        second.Callback("y");
        var result = new List<string?>();
        second.AddCallback(r => { result.Add(r); return r; });
        Assert.Equal(new string?[] { null }, result);
    }

    [Fact]
    public void NestedAsynchronousChainedDeferreds_ContinueWhenInnerFires()
    {
        var results = new List<string>();
        var failures = new List<Exception>();
        var inner = new Deferred<string>();
        Deferred<string> Cb(string result)
        {
            results.Add($"start-of-cb:{result}");
            return Deferred<string>.Succeed("inner")
                .AddCallback(_ => { results.Add("firstCallback:inner"); return inner; })
                .AddCallback(r => { results.Add($"secondCallback:{r}"); return r + r; })
                .AddErrback(e => { failures.Add(e); return ""; });
        }
        var outer = Deferred<string>.Succeed("outer").AddCallback(Cb).AddCallback(r => { results.Add(r); return r; });
        Assert.Equal(new[] { "start-of-cb:outer", "firstCallback:inner" }, results);
        inner.Callback("orange");
        outer.AddErrback(e => { failures.Add(e); return ""; });
        Assert.Empty(failures);
        Assert.Equal(new[] { "start-of-cb:outer", "firstCallback:inner", "secondCallback:orange", "orangeorange" }, results);
    }

    [Fact]
    public void NestedAsynchronousChainedDeferredsWithExtraCallbacks_TransformInnerResult()
    {
        var results = new List<object?>();
        var inner = new Deferred();
        Deferred<object?> Cb(object? result)
        {
            results.Add($"start-of-cb:{result}");
            return Deferred.Succeed("inner")
                .AddCallback(r => { results.Add($"firstCallback:{r}"); return inner.AddCallback(x => new List<object?> { x }); })
                .AddCallback(r => { var list = (List<object?>)r!; results.Add(list); return list.Concat(list).ToList(); });
        }
        var outer = Deferred.Succeed("outer");
        outer.AddCallback(Cb).AddCallback(r => { results.Add(r); return r; });
        Assert.Equal(new object?[] { "start-of-cb:outer", "firstCallback:inner" }, results);
        inner.Callback("withers");
        Assert.Equal(4, results.Count);
        Assert.Equal(new object?[] { "withers" }, (List<object?>)results[2]!);
        Assert.Equal(new object?[] { "withers", "withers" }, (List<object?>)results[3]!);
    }

    [Fact]
    public void CallbackAddedAfterChaining_RunsAfterTheInnerChain()
    {
        var results = new List<string>();
        var a = new Deferred<string>();
        Deferred<string> Cb(string result)
        {
            results.Add($"cb:{result}");
            var d = new Deferred<string>();
            var returner = d
                .AddCallback(_ => { results.Add("firstCallback"); return DeferredList.GatherResults(new[] { a }).Then(l => string.Join(",", l)); })
                .AddCallback(r => { results.Add($"secondCallback:{r}"); return r; });
            d.Callback("go");
            return returner;
        }
        var outer = new Deferred<string>();
        outer.AddCallback(Cb);
        outer.AddCallback(r => { results.Add("final"); return r; });
        outer.Callback("outer");
        Assert.Equal(new[] { "cb:outer", "firstCallback" }, results);
        a.Callback("withers");
        Assert.Equal(new[] { "cb:outer", "firstCallback", "secondCallback:withers", "final" }, results);
    }

    [Fact]
    public void SynchronousImplicitChain_MovesInnerResultToOuter()
    {
        var first = Deferred<string>.Succeed("result");
        var second = new Deferred<string>();
        second.AddCallback(_ => first);
        second.Callback("ignored");
        Assert.Null(SuccessResultOf(first));
        Assert.Equal("result", SuccessResultOf(second));
    }

    [Fact]
    public void AsynchronousImplicitChain_MovesInnerResultToOuterWhenItFires()
    {
        var first = new Deferred<string>();
        var second = new Deferred<string>();
        second.AddCallback(_ => first);
        second.Callback("ignored");
        var firstResult = new List<string?>();
        first.AddCallback(r => { firstResult.Add(r); return r; });
        var secondResult = new List<string?>();
        second.AddCallback(r => { secondResult.Add(r); return r; });
        Assert.Empty(firstResult);
        Assert.Empty(secondResult);
        first.Callback("result");
        Assert.Equal(new string?[] { null }, firstResult);
        Assert.Equal(new string?[] { "result" }, secondResult);
    }

    [Fact]
    public void SynchronousImplicitErrorChain_InnerFailureMovesToOuter()
    {
        var first = Deferred<int>.Fail(new GenericError("First Deferred's Failure"));
        var second = new Deferred<int>();
        second.AddCallback(_ => first);
        second.Callback(0);
        Assert.Equal(0, SuccessResultOf(first));
        Assert.IsType<GenericError>(FailureResultOf(second));
    }

    [Fact]
    public void AsynchronousImplicitErrorChain_InnerFailurePropagatesToOuterErrbacks()
    {
        var first = new Deferred<int>();
        var second = new Deferred<int>();
        second.AddCallback(_ => first);
        second.Callback(0);
        var secondErrors = new List<Exception>();
        second.AddErrback(e => { secondErrors.Add(e); return -1; });
        var firstResult = new List<int>();
        first.AddCallback(r => { firstResult.Add(r); return r; });
        first.Errback(new GenericError("First Deferred's Failure"));
        Assert.IsType<GenericError>(Assert.Single(secondErrors));
        Assert.Equal(new[] { 0 }, firstResult);
        Assert.Equal(-1, SuccessResultOf(second));
    }

    [Fact]
    public void ImplicitChaining_IsTransitive()
    {
        var first = new Deferred<string>();
        var second = new Deferred<string>();
        second.AddCallback(_ => first);
        var third = new Deferred<string>();
        third.AddCallback(_ => second);
        var thirdResult = new List<string>();
        third.AddCallback(r => { thirdResult.Add(r); return r; });
        second.Callback("ignored");
        third.Callback("ignored");
        Assert.Empty(thirdResult);
        first.Callback("result");
        Assert.Equal(new[] { "result" }, thirdResult);
    }

    [Fact]
    public void CallbacksAddedToMiddleOfThreeChainedDeferreds_RunOnceLastFires()
    {
        var first = new Deferred<string>();
        var second = new Deferred<string>();
        var third = new Deferred<string>();
        first.AddCallback(_ => second);
        second.AddCallback(_ => third);
        second.Callback("s");
        first.Callback("f");
        third.Callback("t");
        var results = new List<string?>();
        second.AddCallback(r => { results.Add(r); return r; });
        Assert.Equal(new string?[] { null }, results);
    }

    [Fact]
    public void CallbackReturningItsOwnDeferred_FailsInsteadOfWaitingForever()
    {
        var d = new Deferred<string>();
        d.AddCallback(_ => d);
        d.Callback("foo");
        Assert.IsType<InvalidOperationException>(FailureResultOf(d));
    }

    [Fact]
    public void CallbackReturningNullDeferred_FailsTheChain()
    {
        var d = new Deferred<string>();
        d.AddCallback(_ => (Deferred<string>)null!);
        d.Callback("foo");
        Assert.IsType<InvalidOperationException>(FailureResultOf(d));
    }

    [Fact]
    public void StackDepthOfCallbacks_DoesNotGrowWithTheNumberOfChainedDeferreds()
    {
        // Tiered JIT may inline a few frames differently from one call to the next, so allow a
        // small constant; resuming recursively would add frames per chained Deferred (10,000s).
        const int jitSlack = 20;
        int one = ChainDeferreds(1);
        Assert.InRange(ChainDeferreds(2), one - jitSlack, one + jitSlack);
        Assert.InRange(ChainDeferreds(10_000), one - jitSlack, one + jitSlack);
    }

    /// <summary>top waits on inner[0], which waits on inner[1] ... which waits on last; the
    /// depth at which top's next callback runs once last fires.</summary>
    private static int ChainDeferreds(int howMany)
    {
        var depths = new List<int>();
        var top = new Deferred<int>();
        var inners = Enumerable.Range(0, howMany).Select(_ => new Deferred<int>()).ToArray();
        var last = new Deferred<int>();
        top.AddCallback(_ => inners[0]);
        top.AddCallback(r => { depths.Add(new StackTrace().FrameCount); return r; });
        for (int i = 0; i < howMany - 1; i++)
        {
            var next = inners[i + 1];
            inners[i].AddCallback(_ => next);
        }
        inners[^1].AddCallback(_ => last);
        top.Callback(0);
        foreach (var inner in inners) inner.Callback(0);
        Assert.Empty(depths);
        last.Callback(0);
        return Assert.Single(depths);
    }

    [Fact]
    public void TenThousandChainedThens_FireWithoutStackOverflow()
    {
        var source = new Deferred<int>();
        Deferred<int> end = source;
        for (int i = 0; i < 10_000; i++) end = end.Then(r => r + 1);
        source.Callback(0);
        Assert.Equal(10_000, SuccessResultOf(end));
    }

    [Fact]
    public void TenThousandCallbacksReturningFiredDeferreds_RunWithoutStackOverflow()
    {
        var d = new Deferred<int>();
        for (int i = 0; i < 10_000; i++) d.AddCallback(r => Deferred<int>.Succeed(r + 1));
        d.Callback(0);
        Assert.Equal(10_000, SuccessResultOf(d));
    }
}
