namespace PoetryReactor.Core.Poetry;

/// <summary>Runs work on a reactor's thread from wherever the caller is.</summary>
internal static class ReactorThread
{
    /// <summary>
    /// Runs <paramref name="action"/> on the reactor thread: directly when called there or before the
    /// reactor runs (set-up), through <see cref="Reactor.CallFromThread"/> otherwise. The task ends with
    /// the action, or with what it threw.
    /// </summary>
    /// <exception cref="ReactorNotRunningException">The reactor has stopped.</exception>
    public static Task Invoke(Reactor reactor, Action action)
    {
        if (reactor.IsInReactorThread || (reactor.ThreadId is null && !reactor.IsStopped))
        {
            try
            {
                action();
                return Task.CompletedTask;
            }
            catch (Exception ex)
            {
                return Task.FromException(ex);
            }
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        reactor.CallFromThread(() =>
        {
            try
            {
                action();
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        return done.Task;
    }

    /// <summary>Waits for <paramref name="task"/> and rethrows its own exception (not an AggregateException).</summary>
    /// <exception cref="TimeoutException">The reactor thread did not get to it within <paramref name="timeout"/>.</exception>
    public static void Wait(Task task, TimeSpan timeout, string what)
    {
        bool finished;
        try
        {
            finished = task.Wait(timeout);
        }
        catch (AggregateException)
        {
            finished = true; // rethrown unwrapped below
        }
        if (!finished)
            throw new TimeoutException($"The reactor thread did not {what} within {timeout.TotalSeconds:0.###} s.");
        task.GetAwaiter().GetResult();
    }
}
