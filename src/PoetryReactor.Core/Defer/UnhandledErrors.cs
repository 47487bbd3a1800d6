using System.Diagnostics;

namespace PoetryReactor.Core.Defer;

/// <summary>The registry of live unhandled failures and the event that reports them.</summary>
internal static class UnhandledErrors
{
    private static readonly object Gate = new();
    private static readonly Dictionary<long, WeakReference<FailureWatch>> Live = new();
    private static long _nextId;

    internal static event EventHandler<UnhandledDeferredErrorEventArgs>? Handlers;

    internal static long Register(FailureWatch watch)
    {
        lock (Gate)
        {
            long id = ++_nextId;
            Live[id] = new WeakReference<FailureWatch>(watch);
            return id;
        }
    }

    internal static void Unregister(long id)
    {
        lock (Gate) Live.Remove(id);
    }

    internal static int ReportLive()
    {
        List<FailureWatch> alive = new();
        lock (Gate)
        {
            foreach (var weak in Live.Values)
                if (weak.TryGetTarget(out var watch)) alive.Add(watch);
        }
        foreach (var watch in alive) watch.Report(collected: false);
        return alive.Count;
    }

    internal static void Raise(UnhandledDeferredErrorEventArgs args)
    {
        var handlers = Handlers;
        if (handlers is null)
        {
            // Nobody listens: the trace is the last place where the error is still seen.
            Trace.TraceError(args.ToString());
            return;
        }
        foreach (EventHandler<UnhandledDeferredErrorEventArgs> handler in handlers.GetInvocationList())
        {
            // A throwing handler must not take the finalizer thread (and the process) down.
            try { handler(null, args); }
            catch (Exception e) { Trace.TraceError($"Deferred.UnhandledError handler threw: {e}"); }
        }
    }
}
