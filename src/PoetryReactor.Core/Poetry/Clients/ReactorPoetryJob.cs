using PoetryReactor.Core.Defer;

namespace PoetryReactor.Core.Poetry.Clients;

/// <summary>
/// Runs one fetch's tasks on a reactor: the caller's (handed over with CallFromThread), or a
/// private one on a dedicated thread that is stopped when every poem is done. Shared by the reader
/// and protocol clients.
/// </summary>
internal static class ReactorPoetryJob
{
    /// <summary>
    /// Starts every task on the reactor thread; the returned task ends once each has reported its
    /// poem, or, after cancellation, once every socket is closed (and a private reactor has stopped).
    /// </summary>
    public static Task Run(PoetryFetch fetch, Reactor? shared, string threadName, Func<Reactor, int, ReactorPoemTask> create)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (shared is not null)
        {
            shared.CallFromThread(() => Start(fetch, shared, create, done, stopReactor: false));
            return done.Task;
        }
        var reactor = new Reactor();
        reactor.CallWhenRunning(() => Start(fetch, reactor, create, done, stopReactor: true));
        var thread = new Thread(() =>
        {
            try
            {
                reactor.Run();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
            finally
            {
                reactor.Dispose();
                // Only now is every socket closed: Run closed what was still registered.
                done.TrySetResult();
            }
        })
        { IsBackground = true, Name = threadName };
        thread.Start();
        return done.Task;
    }

    private static void Start(PoetryFetch fetch, Reactor reactor, Func<Reactor, int, ReactorPoemTask> create,
        TaskCompletionSource done, bool stopReactor)
    {
        try
        {
            var tasks = new ReactorPoemTask[fetch.Addresses.Count];
            for (int i = 0; i < tasks.Length; i++)
            {
                tasks[i] = create(reactor, i);
                tasks[i].Result.AddCallback(poem =>
                {
                    fetch.ReportPoem(poem);
                    return poem;
                });
            }
            var all = new DeferredList<Poem>(tasks.Select(t => t.Result), consumeErrors: true);

            // A shared reactor that shuts down first ends the unfinished tasks (lookups in flight included).
            bool shutDown = false;
            object trigger = reactor.AddSystemEventTrigger(SystemEventPhase.During, "shutdown", () =>
            {
                shutDown = true;
                foreach (var task in tasks) task.FailWith(new ReactorShutdownException());
            });
            var cancel = fetch.Token.Register(() =>
            {
                try
                {
                    reactor.CallFromThread(all.Cancel);
                }
                catch (ReactorNotRunningException)
                {
                    // Stopped meanwhile: its shutdown closed everything.
                }
            });
            all.AddBoth((entries, _) =>
            {
                cancel.Dispose();
                if (!shutDown) reactor.RemoveSystemEventTrigger(trigger);
                if (stopReactor) reactor.Stop();
                else done.TrySetResult();
                return entries!;
            });
            foreach (var task in tasks)
            {
                if (fetch.Token.IsCancellationRequested) break;
                task.Start();
            }
        }
        catch (Exception ex)
        {
            done.TrySetException(ex);
            if (stopReactor) reactor.Stop();
        }
    }
}
