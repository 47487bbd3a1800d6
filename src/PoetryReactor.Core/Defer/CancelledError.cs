namespace PoetryReactor.Core.Defer;

/// <summary>
/// The failure a Deferred fires with when it is cancelled and its canceller (if any) did not
/// fire it. Awaiting such a Deferred through <see cref="Deferred{T}.ToTask"/> yields a cancelled
/// task.
/// </summary>
public class CancelledError : OperationCanceledException
{
    /// <summary>Creates the error with a default message.</summary>
    public CancelledError() : base("The Deferred was cancelled.") { }

    /// <summary>Creates the error with the given message.</summary>
    public CancelledError(string message) : base(message) { }
}
