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
