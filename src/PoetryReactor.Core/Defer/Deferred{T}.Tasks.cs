using System.Runtime.CompilerServices;

namespace PoetryReactor.Core.Defer;

public partial class Deferred<T>
{
    /// <summary>
    /// A task that completes with this chain's result at this point of the chain: its value,
    /// or its failure (an <see cref="OperationCanceledException"/> such as
    /// <see cref="CancelledError"/> gives a cancelled task, so <c>await</c> throws
    /// <see cref="TaskCanceledException"/>). The chain keeps its result; a failure delivered
    /// to the task is not reported as unhandled. Continuations run asynchronously, never inside
    /// the callback chain.
    /// </summary>
    public Task<T> ToTask()
    {
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Append(new Link(null, null, source =>
        {
            if (source._error is { } error)
            {
                source._handedOff = error;
                if (error is OperationCanceledException cancelled) tcs.TrySetCanceled(cancelled.CancellationToken);
                else tcs.TrySetException(error);
            }
            else
            {
                tcs.TrySetResult(source._value);
            }
            return null;
        }));
        return tcs.Task;
    }

    /// <summary>Lets C# code <c>await</c> a Deferred; see <see cref="ToTask"/>.</summary>
    public TaskAwaiter<T> GetAwaiter() => ToTask().GetAwaiter();

    /// <summary>
    /// A Deferred that fires when <paramref name="task"/> completes: with its result, its
    /// exception (unwrapped when single), or <see cref="CancelledError"/> if it was cancelled.
    /// </summary>
    /// <param name="task">The task to follow.</param>
    /// <param name="post">How to get onto the thread that owns the Deferred (for example the
    /// reactor's <c>CallFromThread</c>). When null, the current
    /// <see cref="SynchronizationContext"/> is used if there is one; otherwise the Deferred
    /// fires on the thread that completes the task. A task already complete fires it at once.</param>
    public static Deferred<T> FromTask(Task<T> task, Action<Action>? post = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var d = new Deferred<T>();
        Follow(task, d, post);
        return d;
    }

    /// <summary>
    /// Starts a task with a cancellation token and returns a Deferred that fires when it
    /// completes, as <see cref="FromTask(Task{T}, Action{Action})"/>. Cancelling the Deferred
    /// cancels the token; the Deferred fails with <see cref="CancelledError"/> at once if the
    /// task does not finish on the spot.
    /// </summary>
    public static Deferred<T> FromTask(Func<CancellationToken, Task<T>> start, Action<Action>? post = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        // Not disposed: a late Cancel may still reach it, and without a timer or wait handle
        // it holds nothing the collector cannot take back.
        var cts = new CancellationTokenSource();
        var d = new Deferred<T>(_ => cts.Cancel());
        Task<T> task;
        try { task = start(cts.Token); }
        catch (Exception e) { task = Task.FromException<T>(e); }
        Follow(task, d, post);
        return d;
    }

    private static void Follow(Task<T> task, Deferred<T> d, Action<Action>? post)
    {
        if (task.IsCompleted)
        {
            Deliver(task, d);
            return;
        }
        if (post is null && SynchronizationContext.Current is { } context)
            post = action => context.Post(static state => ((Action)state!)(), action);
        task.ContinueWith(t =>
        {
            if (post is null) Deliver(t, d);
            else post(() => Deliver(t, d));
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private static void Deliver(Task<T> task, Deferred<T> d)
    {
        if (d._called) return; // cancelled meanwhile: the late outcome has nowhere to go
        if (task.IsCanceled) d.Errback(new CancelledError("The task was cancelled."));
        else if (task.Exception is { } aggregate)
            d.Errback(aggregate.InnerExceptions.Count == 1 ? aggregate.InnerExceptions[0] : aggregate);
        else d.Callback(task.Result);
    }
}
