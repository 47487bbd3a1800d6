namespace PoetryReactor.Core;

/// <summary>A function queued by <see cref="Reactor.InvokeAsync{T}(Func{T})"/>: its task ends with the result, the exception, or abandonment.</summary>
internal sealed class ReactorInvocation<T> : IAbandonable
{
    private readonly Func<T> _func;
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ReactorInvocation(Func<T> func) => _func = func;

    public Task<T> Task => _done.Task;

    /// <summary>Runs on the reactor thread; what the function throws goes to the task, not the reactor's log.</summary>
    public void Run()
    {
        try { _done.TrySetResult(_func()); }
        catch (Exception ex) { _done.TrySetException(ex); }
    }

    public void Abandon(Exception reason) => _done.TrySetException(reason);
}
