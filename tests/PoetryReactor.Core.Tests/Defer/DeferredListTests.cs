using PoetryReactor.Core.Defer;
using static PoetryReactor.Core.Tests.Defer.DeferredAssert;

namespace PoetryReactor.Core.Tests.Defer;

/// <summary>DeferredList and GatherResults, ported from Twisted's DeferredTests and DeferredListEmptyTests.</summary>
public class DeferredListTests
{
    private static Deferred<string> CallbackOnCancel() => new(d => d.Callback("Callback Result"));

    private static int Swallow(Exception _) => 0;

    [Fact]
    public void DeferredList_FiresWithEveryOutcomeInInputOrder()
    {
        var d1 = new Deferred<string>();
        var d2 = new Deferred<string>();
        var d3 = new Deferred<string>();
        var dl = new DeferredList<string>(new[] { d1, d2, d3 });
        d1.Callback("1");
        d2.AddErrback(_ => "caught");
        d2.Errback(new GenericError("2"));
        AssertNoResult(dl);
        d3.Callback("3");
        var result = SuccessResultOf(dl);
        Assert.Equal(3, result.Count);
        Assert.Equal((true, "1"), (result[0].Success, result[0].Result));
        Assert.False(result[1].Success);
        Assert.Equal("2", result[1].Error!.Message);
        Assert.Equal((true, "3"), (result[2].Success, result[2].Result));
    }

    [Fact]
    public void EmptyDeferredList_FiresImmediatelyWithEmptyList()
    {
        var dl = new DeferredList<object>(Array.Empty<Deferred<object>>());
        Assert.Empty(SuccessResultOf(dl));
    }

    [Fact]
    public void EmptyDeferredList_WithFireOnOneCallback_NeverFires()
    {
        var dl = new DeferredList<object>(Array.Empty<Deferred<object>>(), fireOnOneCallback: true);
        AssertNoResult(dl);
    }

    [Fact]
    public void FireOnOneCallback_FiresOnFirstSuccess_WithItTheOnlySuccessfulEntry()
    {
        var d1 = new Deferred<string>();
        var d2 = new Deferred<string>();
        var d3 = new Deferred<string>();
        var dl = new DeferredList<string>(new[] { d1, d2, d3 }, fireOnOneCallback: true);
        d1.Errback(new GenericError("first"));
        d1.AddErrback(_ => "");
        AssertNoResult(dl);
        d2.Callback("winner");
        var result = SuccessResultOf(dl);
        Assert.Equal(3, result.Count);
        Assert.Equal(1, result.Select((r, i) => (r, i)).Single(x => x.r.Success).i);
        Assert.Equal("winner", result[1].Result);
        Assert.Equal("first", result[0].Error!.Message);
        Assert.Equal((false, null, null), result[2]);
        d3.Callback("late"); // a late input must not refire the list
    }

    [Fact]
    public void FireOnOneErrback_FailsWithFirstErrorNamingTheIndex()
    {
        var d1 = new Deferred<string>();
        var d2 = new Deferred<string>();
        var d3 = new Deferred<string>();
        var dl = new DeferredList<string>(new[] { d1, d2, d3 }, fireOnOneErrback: true);
        d2.AddErrback(_ => "caught");
        d1.Callback("1");
        AssertNoResult(dl);
        d2.Errback(new GenericError("from def2"));
        var first = Assert.IsType<FirstError>(FailureResultOf(dl));
        Assert.IsType<GenericError>(first.SubFailure);
        Assert.Equal("from def2", first.SubFailure.Message);
        Assert.Equal(1, first.Index);
        Assert.Same(first.SubFailure, first.InnerException);
    }

    [Fact]
    public void WithoutConsumeErrors_InputKeepsItsFailure()
    {
        var d1 = new Deferred<string>();
        var dl = new DeferredList<string>(new[] { d1 });
        var trapped = new List<Exception>();
        d1.AddErrback(e => { trapped.Add(e); return ""; });
        d1.Errback(new GenericError("Bang"));
        Assert.Equal("Bang", Assert.Single(trapped).Message);
        Assert.Equal("Bang", Assert.Single(SuccessResultOf(dl)).Error!.Message);
    }

    [Fact]
    public void WithConsumeErrors_InputFailureIsConsumed()
    {
        var d1 = new Deferred<string>();
        var dl = new DeferredList<string>(new[] { d1 }, consumeErrors: true);
        var trapped = new List<Exception>();
        d1.AddErrback(e => { trapped.Add(e); return ""; });
        d1.Errback(new GenericError("Bang"));
        Assert.Empty(trapped);
        Assert.Equal("Bang", Assert.Single(SuccessResultOf(dl)).Error!.Message);
    }

    [Fact]
    public void FireOnOneErrback_WithAlreadyFailedInput_FailsAtOnce()
    {
        var d1 = Deferred<int>.Fail(new GenericError("Bang"));
        var d2 = new Deferred<int>();
        var dl = new DeferredList<int>(new[] { d1, d2 }, fireOnOneErrback: true);
        Assert.IsType<FirstError>(FailureResultOf(dl));
        d1.AddErrback(Swallow);
    }

    [Fact]
    public void AlreadyFiredInputs_AreTakenAtOnce()
    {
        var d1 = Deferred<int>.Fail(new GenericError("Bang"));
        var d2 = Deferred<int>.Succeed(2);
        var dl = new DeferredList<int>(new[] { d1, d2 });
        var result = SuccessResultOf(dl);
        Assert.Equal(2, result.Count);
        Assert.Equal(2, result[1].Result);
        d1.AddErrback(Swallow);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Cancel_CancelsEveryInput_AndFiresTheList(bool fireOnOneCallback, bool fireOnOneErrback)
    {
        var one = new Deferred<int>();
        var two = new Deferred<int>();
        var dl = new DeferredList<int>(new[] { one, two }, fireOnOneCallback, fireOnOneErrback);
        dl.Cancel();
        Assert.IsType<CancelledError>(FailureResultOf(one));
        Assert.IsType<CancelledError>(FailureResultOf(two));
        Assert.True(dl.Called);
    }

    [Fact]
    public void Cancel_WithoutFlags_FiresWithEveryInputsCancelledError()
    {
        var dl = new DeferredList<int>(new[] { new Deferred<int>(), new Deferred<int>() });
        dl.Cancel();
        Assert.All(SuccessResultOf(dl), r => Assert.IsType<CancelledError>(r.Error));
    }

    [Fact]
    public void Cancel_WhenAnInputCancellerCallbacks_FiresWithItsResult()
    {
        var one = CallbackOnCancel();
        var two = new Deferred<string>();
        var dl = new DeferredList<string>(new[] { one, two });
        dl.Cancel();
        Assert.IsType<CancelledError>(FailureResultOf(two));
        var result = SuccessResultOf(dl);
        Assert.Equal((true, "Callback Result"), (result[0].Success, result[0].Result));
        Assert.False(result[1].Success);
        Assert.IsType<CancelledError>(result[1].Error);
    }

    [Fact]
    public void Cancel_WithFireOnOneCallback_FiresWithTheResultOfACancellerThatCallbacks()
    {
        var one = CallbackOnCancel();
        var two = new Deferred<string>();
        var dl = new DeferredList<string>(new[] { one, two }, fireOnOneCallback: true);
        dl.Cancel();
        Assert.IsType<CancelledError>(FailureResultOf(two));
        var result = SuccessResultOf(dl);
        Assert.Equal((true, "Callback Result"), (result[0].Success, result[0].Result));
    }

    [Fact]
    public void Cancel_WithFireOnOneErrback_FailsWithFirstErrorOfCancelledError()
    {
        var dl = new DeferredList<int>(new[] { new Deferred<int>(), new Deferred<int>() }, fireOnOneErrback: true);
        dl.Cancel();
        var first = Assert.IsType<FirstError>(FailureResultOf(dl));
        Assert.IsType<CancelledError>(first.SubFailure);
    }

    [Fact]
    public void Cancel_WithFireOnOneErrback_WhenAllCancellersCallback_FiresWithTheList()
    {
        var dl = new DeferredList<string>(new[] { CallbackOnCancel(), CallbackOnCancel() }, fireOnOneErrback: true);
        dl.Cancel();
        Assert.All(SuccessResultOf(dl), r => Assert.Equal((true, "Callback Result"), (r.Success, r.Result)));
    }

    [Fact]
    public void Cancel_CancelsTheInputsGivenAtCreationOnly()
    {
        var one = new Deferred<int>();
        var two = new Deferred<int>();
        var input = new List<Deferred<int>> { one, two };
        var dl = new DeferredList<int>(input);
        var three = new Deferred<int>();
        input.Add(three);
        dl.Cancel();
        Assert.IsType<CancelledError>(FailureResultOf(one));
        Assert.IsType<CancelledError>(FailureResultOf(two));
        AssertNoResult(three);
    }

    [Fact]
    public void Cancel_WhenAnInputCancellerThrows_StillCancelsTheOthersAndReportsIt()
    {
        var boom = new InvalidOperationException("canceller raised");
        var reported = new List<Exception>();
        EventHandler<UnhandledDeferredErrorEventArgs> onError = (_, e) => { lock (reported) reported.Add(e.Error); };
        Deferred.UnhandledError += onError;
        try
        {
            var one = new Deferred<int>(_ => throw boom);
            var two = new Deferred<int>();
            var dl = new DeferredList<int>(new[] { one, two });
            dl.Cancel();
            Assert.IsType<CancelledError>(FailureResultOf(two));
        }
        finally { Deferred.UnhandledError -= onError; }
        lock (reported) Assert.Contains(boom, reported);
    }

    [Fact]
    public void Cancel_AfterFiringOnOneCallback_DoesNothing()
    {
        var one = new Deferred<int>();
        var two = new Deferred<int>();
        var dl = new DeferredList<int>(new[] { one, two }, fireOnOneCallback: true);
        one.Callback(1);
        dl.Cancel();
        AssertNoResult(two);
    }

    [Fact]
    public void Cancel_AfterFiringOnOneErrback_DoesNothing()
    {
        var one = new Deferred<int>();
        var two = new Deferred<int>();
        var dl = new DeferredList<int>(new[] { one, two }, fireOnOneErrback: true);
        one.Errback(new GenericError("test"));
        dl.Cancel();
        AssertNoResult(two);
        Assert.IsType<GenericError>(FailureResultOf(one));
        Assert.IsType<FirstError>(FailureResultOf(dl));
    }

    [Fact]
    public void GatherResults_FiresWithResultsInOrder()
    {
        var gathered = DeferredList.GatherResults(new[] { Deferred<int>.Succeed(1), Deferred<int>.Succeed(2) });
        Assert.Equal(new[] { 1, 2 }, SuccessResultOf(gathered));
    }

    [Fact]
    public void GatherResults_FailsWithFirstError_OnFirstFailure()
    {
        var bad = Deferred<int>.Fail(new ArgumentException());
        var gathered = DeferredList.GatherResults(new[] { Deferred<int>.Succeed(1), bad });
        var first = Assert.IsType<FirstError>(FailureResultOf(gathered));
        Assert.IsType<ArgumentException>(first.SubFailure);
        Assert.Equal(1, first.Index);
        bad.AddErrback(_ => 1);
    }

    [Fact]
    public void GatherResults_WithConsumeErrors_ConsumesTheInputFailure()
    {
        var good = Deferred<int>.Succeed(1);
        var bad = Deferred<int>.Fail(new InvalidOperationException("oh noes"));
        var gathered = DeferredList.GatherResults(new[] { good, bad }, consumeErrors: true);
        var unconsumed = new List<Exception>();
        bad.AddErrback(e => { unconsumed.Add(e); return 0; });
        Assert.Empty(unconsumed);
        var first = Assert.IsType<FirstError>(FailureResultOf(gathered));
        Assert.IsType<InvalidOperationException>(first.SubFailure);
    }

    [Fact]
    public void GatherResults_Cancel_CancelsEveryInput()
    {
        var one = new Deferred<int>();
        var two = new Deferred<int>();
        var gathered = DeferredList.GatherResults(new[] { one, two });
        gathered.Cancel();
        Assert.IsType<CancelledError>(FailureResultOf(one));
        Assert.IsType<CancelledError>(FailureResultOf(two));
        var first = Assert.IsType<FirstError>(FailureResultOf(gathered));
        Assert.IsType<CancelledError>(first.SubFailure);
    }

    [Fact]
    public void GatherResults_Cancel_WhenAllCancellersCallback_FiresWithTheirResults()
    {
        var gathered = DeferredList.GatherResults(new[] { CallbackOnCancel(), CallbackOnCancel() });
        gathered.Cancel();
        Assert.Equal(new[] { "Callback Result", "Callback Result" }, SuccessResultOf(gathered));
    }
}
