using System.Diagnostics;

namespace PoetryReactor.Core.Defer;

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
