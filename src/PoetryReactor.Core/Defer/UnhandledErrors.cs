using System.Diagnostics;

namespace PoetryReactor.Core.Defer;

/// <summary>
/// Describes a failure that reached the end of a Deferred's callback chain with no errback to
/// handle it, reported through <see cref="Deferred.UnhandledError"/>.
/// </summary>
public sealed class UnhandledDeferredErrorEventArgs : EventArgs
{
    internal UnhandledDeferredErrorEventArgs(Exception error, string origin, bool collected)
    {
        Error = error;
        Origin = origin;
        Collected = collected;
    }

    /// <summary>The failure nobody handled.</summary>
    public Exception Error { get; }

    /// <summary>
    /// Which Deferred held it: its type and, when <see cref="Deferred.Debug"/> was on at its
    /// creation, the stack trace of where it was created and where it was first fired.
    /// </summary>
    public string Origin { get; }

    /// <summary>
    /// True when reported because the Deferred was garbage-collected (on the finalizer thread);
    /// false when flushed by <see cref="Deferred.ReportUnhandled"/> while still alive.
    /// </summary>
    public bool Collected { get; }

    /// <inheritdoc/>
    public override string ToString() => $"Unhandled error in {Origin}: {Error}";
}

/// <summary>
/// Holds a Deferred's unhandled failure. It is referenced only by that Deferred (and weakly by
/// the registry), so it becomes garbage with it and its finalizer reports the failure; a
/// Deferred that never fails pays nothing for finalization.
/// </summary>
internal sealed class FailureWatch
{
    private readonly Exception _error;
    private readonly string _origin;
    private readonly long _id;
    private int _done;

    internal FailureWatch(Exception error, string origin)
    {
        _error = error;
        _origin = origin;
        _id = UnhandledErrors.Register(this);
    }

    internal Exception Error => _error;

    /// <summary>The failure was handled after all: forget it.</summary>
    internal void Dismiss()
    {
        if (Interlocked.Exchange(ref _done, 1) != 0) return;
        UnhandledErrors.Unregister(_id);
        GC.SuppressFinalize(this);
    }

    /// <summary>Reports the failure now (at most once).</summary>
    internal void Report(bool collected)
    {
        if (Interlocked.Exchange(ref _done, 1) != 0) return;
        UnhandledErrors.Unregister(_id);
        if (!collected) GC.SuppressFinalize(this);
        UnhandledErrors.Raise(new UnhandledDeferredErrorEventArgs(_error, _origin, collected));
    }

    ~FailureWatch() => Report(collected: true);
}

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
