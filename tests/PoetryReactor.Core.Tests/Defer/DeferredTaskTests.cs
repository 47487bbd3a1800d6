using System.Collections.Concurrent;
using System.Diagnostics;
using PoetryReactor.Core.Defer;
using static PoetryReactor.Core.Tests.Defer.DeferredAssert;

namespace PoetryReactor.Core.Tests.Defer;

/// <summary>The bridge between Deferreds and Tasks: ToTask, await, FromTask.</summary>
public class DeferredTaskTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>Stands for the owning thread's queue (the reactor's CallFromThread).</summary>
    private sealed class PostQueue
    {
        private readonly BlockingCollection<Action> _actions = new();

        public void Post(Action action) => _actions.Add(action);

        public void RunOne()
        {
            Assert.True(_actions.TryTake(out var action, Bound), "nothing was posted");
            action!();
        }

        public int Count => _actions.Count;
    }

    [Fact]
    public async Task ToTask_CompletesWithTheResult_WhenTheDeferredFires()
    {
        var d = new Deferred<int>();
        var task = d.ToTask();
        Assert.False(task.IsCompleted);
        d.Callback(5);
        Assert.Equal(5, await task.WaitAsync(Bound));
        Assert.Equal(5, SuccessResultOf(d));
    }

    [Fact]
    public async Task ToTask_FaultsWithTheFailure()
    {
        var d = new Deferred<int>();
        var task = d.ToTask();
        var error = new GenericError("bad");
        d.Errback(error);
        Assert.Same(error, await Assert.ThrowsAsync<GenericError>(() => task.WaitAsync(Bound)));
    }

    [Fact]
    public async Task ToTask_OfCancelledDeferred_IsCancelled()
    {
        var d = new Deferred<int>();
        var task = d.ToTask();
        d.Cancel();
        await Assert.ThrowsAsync<TaskCanceledException>(() => task.WaitAsync(Bound));
        Assert.True(task.IsCanceled);
    }

    [Fact]
    public async Task AwaitDeferred_YieldsItsResultAtThatPointOfTheChain()
    {
        var d = new Deferred<int>();
        _ = d.AddCallback(r => r + 1);
        var awaiting = AwaitIt(d);
        d.Callback(6);
        Assert.Equal(7, await awaiting.WaitAsync(Bound));

        static async Task<int> AwaitIt(Deferred<int> d) => await d;
    }

    [Fact]
    public async Task AwaitFailedDeferred_Throws()
    {
        var d = Deferred<string>.Fail(new GenericError("awaited failure"));
        var thrown = await Assert.ThrowsAsync<GenericError>(async () => await d);
        Assert.Equal("awaited failure", thrown.Message);
    }

    [Fact]
    public async Task ToTask_ContinuationsDoNotRunInsideTheCallbackChain()
    {
        var d = new Deferred<int>();
        var stack = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = d.ToTask().ContinueWith(_ => stack.SetResult(new StackTrace().ToString()), TaskContinuationOptions.ExecuteSynchronously);
        d.Callback(1);
        Assert.DoesNotContain("PoetryReactor.Core.Defer.", await stack.Task.WaitAsync(Bound));
    }

    [Fact]
    public void FromTask_OfCompletedTask_FiresAtOnce()
    {
        Assert.Equal(3, SuccessResultOf(Deferred<int>.FromTask(Task.FromResult(3))));
    }

    [Fact]
    public void FromTask_OfFaultedTask_FailsWithTheTasksException()
    {
        var error = new GenericError("task failed");
        Assert.Same(error, FailureResultOf(Deferred<int>.FromTask(Task.FromException<int>(error))));
    }

    [Fact]
    public void FromTask_OfCancelledTask_FailsWithCancelledError()
    {
        var d = Deferred<int>.FromTask(Task.FromCanceled<int>(new CancellationToken(true)));
        Assert.IsType<CancelledError>(FailureResultOf(d));
    }

    [Fact]
    public void FromTask_OfPendingTask_FiresThroughPost_WhenTheTaskCompletes()
    {
        var queue = new PostQueue();
        var tcs = new TaskCompletionSource<int>();
        var d = Deferred<int>.FromTask(tcs.Task, queue.Post);
        AssertNoResult(d);
        Task.Run(() => tcs.SetResult(9));
        queue.RunOne();
        Assert.Equal(9, SuccessResultOf(d));
    }

    [Fact]
    public void FromTask_WithoutPost_UsesTheCurrentSynchronizationContext()
    {
        var queue = new PostQueue();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(new QueueContext(queue));
        Deferred<int> d;
        var tcs = new TaskCompletionSource<int>();
        try { d = Deferred<int>.FromTask(tcs.Task); }
        finally { SynchronizationContext.SetSynchronizationContext(previous); }
        Task.Run(() => tcs.SetResult(4));
        queue.RunOne();
        Assert.Equal(4, SuccessResultOf(d));
    }

    private sealed class QueueContext(PostQueue queue) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback callback, object? state) => queue.Post(() => callback(state));
    }

    [Fact]
    public void FromTaskWithToken_Cancel_CancelsTheTokenAndFailsWithCancelledError()
    {
        var queue = new PostQueue();
        var tcs = new TaskCompletionSource<int>();
        CancellationToken seen = default;
        var d = Deferred<int>.FromTask(token =>
        {
            seen = token;
            token.Register(() => tcs.TrySetCanceled(token));
            return tcs.Task;
        }, queue.Post);
        d.Cancel();
        Assert.True(seen.IsCancellationRequested);
        Assert.IsType<CancelledError>(FailureResultOf(d));
        queue.RunOne(); // the task's own (late) outcome is dropped, not an AlreadyCalledException
    }

    [Fact]
    public void FromTaskWithToken_StartThatThrows_FailsTheDeferred()
    {
        var error = new GenericError("start failed");
        var d = Deferred<int>.FromTask(_ => throw error);
        Assert.Same(error, FailureResultOf(d));
    }
}
