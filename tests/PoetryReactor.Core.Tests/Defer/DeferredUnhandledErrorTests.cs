using System.Runtime.CompilerServices;
using PoetryReactor.Core.Defer;

namespace PoetryReactor.Core.Tests.Defer;

/// <summary>
/// Reporting of failures nobody handled, ported from Twisted's LogTests. The only class that
/// toggles <see cref="Deferred.Debug"/>. Other tests run in parallel and may leave failures of
/// their own, so every assertion looks for this test's own exception instance.
/// </summary>
public sealed class DeferredUnhandledErrorTests : IDisposable
{
    private readonly List<UnhandledDeferredErrorEventArgs> _reports = new();
    private readonly ManualResetEventSlim _reported = new();
    private readonly EventHandler<UnhandledDeferredErrorEventArgs> _handler;
    private Exception? _watched;

    public DeferredUnhandledErrorTests()
    {
        _handler = (_, e) =>
        {
            lock (_reports)
            {
                if (!ReferenceEquals(e.Error, _watched)) return;
                _reports.Add(e);
                _reported.Set();
            }
        };
        Deferred.UnhandledError += _handler;
    }

    public void Dispose() => Deferred.UnhandledError -= _handler;

    private T Watch<T>(T error) where T : Exception
    {
        lock (_reports) _watched = error;
        return error;
    }

    private List<UnhandledDeferredErrorEventArgs> Reports()
    {
        lock (_reports) return new List<UnhandledDeferredErrorEventArgs>(_reports);
    }

    /// <summary>Collects until <paramref name="gone"/> is dead (bounded), then lets finalizers run.</summary>
    private static void CollectUntilDead(WeakReference gone)
    {
        for (int i = 0; i < 20 && gone.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(gone.IsAlive, "the Deferred was not collected");
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference AbandonFailure(Exception error)
    {
        var d = new Deferred<int>();
        d.AddCallback(int (_) => throw error);
        d.Callback(1);
        return new WeakReference(d);
    }

    [Fact]
    public void FailedDeferredCollectedWithoutErrback_IsReported()
    {
        var error = Watch(new GenericError("nobody handled me"));
        CollectUntilDead(AbandonFailure(error));
        Assert.True(_reported.Wait(TimeSpan.FromSeconds(10)), "no report");
        var report = Assert.Single(Reports());
        Assert.True(report.Collected);
        Assert.Contains("Deferred<Int32>", report.Origin);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference AbandonHandledFailure(Exception error)
    {
        var d = Deferred<int>.Fail(error);
        d.AddErrback(_ => 0);
        return new WeakReference(d);
    }

    [Fact]
    public void FailureHandledBeforeCollection_IsNotReported()
    {
        var error = Watch(new GenericError("handled"));
        CollectUntilDead(AbandonHandledFailure(error));
        Assert.Empty(Reports());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Outer, WeakReference Inner) ChainFailure(Exception error)
    {
        var inner = Deferred<int>.Fail(error);
        var outer = new Deferred<int>();
        outer.AddCallback(_ => inner);
        outer.Callback(0);
        Exception? handled = null;
        outer.AddErrback(e => { handled = e; return 0; });
        Assert.Same(error, handled);
        return (new WeakReference(outer), new WeakReference(inner));
    }

    [Fact]
    public void InnerFailureTakenOverByOuterChain_IsNotReportedForTheInner()
    {
        var error = Watch(new GenericError("zoop"));
        var (outer, inner) = ChainFailure(error);
        CollectUntilDead(inner);
        CollectUntilDead(outer);
        Assert.Empty(Reports());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference ErrbackChainsToAnotherDeferred(Exception error)
    {
        var bad = Deferred<int>.Fail(error);
        var good = new Deferred<int>();
        bad.AddErrback(_ => good);
        return new WeakReference(bad);
    }

    [Fact]
    public void FailureClearedByErrbackReturningDeferred_IsNotReported()
    {
        var error = Watch(new GenericError("oh no"));
        CollectUntilDead(ErrbackChainsToAnotherDeferred(error));
        Assert.Empty(Reports());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference FailureDeliveredToTask(Exception error)
    {
        var d = Deferred<int>.Fail(error);
        var task = d.ToTask();
        Assert.Same(error, task.Exception!.InnerException);
        return new WeakReference(d);
    }

    [Fact]
    public void FailureDeliveredToTask_IsNotReported()
    {
        var error = Watch(new GenericError("awaited"));
        CollectUntilDead(FailureDeliveredToTask(error));
        Assert.Empty(Reports());
    }

    [Fact]
    public void ReportUnhandled_FlushesLiveFailures_OnceEach()
    {
        var error = Watch(new GenericError("still alive"));
        var d = Deferred<int>.Fail(error);
        Assert.True(Deferred.ReportUnhandled() >= 1);
        var report = Assert.Single(Reports());
        Assert.False(report.Collected);
        Deferred.ReportUnhandled();
        GC.KeepAlive(d);
        Assert.Single(Reports());
    }

    [Fact]
    public void ReportUnhandled_SkipsFailuresHandledSince()
    {
        var error = Watch(new GenericError("handled later"));
        var d = Deferred<int>.Fail(error);
        d.AddErrback(_ => 0);
        Deferred.ReportUnhandled();
        Assert.Empty(Reports());
    }

    [Fact]
    public void HandlerThatThrows_DoesNotStopTheReport()
    {
        EventHandler<UnhandledDeferredErrorEventArgs> throwing = (_, _) => throw new InvalidOperationException("bad handler");
        Deferred.UnhandledError += throwing;
        try
        {
            var error = Watch(new GenericError("reported anyway"));
            var d = Deferred<int>.Fail(error);
            Deferred.ReportUnhandled();
            GC.KeepAlive(d);
        }
        finally { Deferred.UnhandledError -= throwing; }
        Assert.Single(Reports());
    }

    [Fact]
    public void InDebugMode_ReportSaysWhereTheDeferredWasCreated()
    {
        bool was = Deferred.Debug;
        Deferred.Debug = true;
        try
        {
            var error = Watch(new GenericError("debug"));
            var d = CreateFailedInDebugMode(error);
            Deferred.ReportUnhandled();
            GC.KeepAlive(d);
            Assert.Contains(nameof(CreateFailedInDebugMode), Assert.Single(Reports()).Origin);
        }
        finally { Deferred.Debug = was; }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Deferred<int> CreateFailedInDebugMode(Exception error) => Deferred<int>.Fail(error);

    [Fact]
    public void AlreadyCalledException_InDebugMode_SaysWhereFirstFired()
    {
        bool was = Deferred.Debug;
        Deferred.Debug = true;
        try
        {
            var d = new Deferred<int>();
            FireFirstTime(d);
            var error = Assert.Throws<AlreadyCalledException>(() => d.Callback(2));
            Assert.Contains(nameof(FireFirstTime), error.Message);
        }
        finally { Deferred.Debug = was; }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FireFirstTime(Deferred<int> d) => d.Callback(1);
}
