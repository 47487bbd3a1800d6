namespace PoetryReactor.Core.Defer;

/// <summary>
/// Raised by <see cref="Deferred{T}.Callback"/> or <see cref="Deferred{T}.Errback"/> when the
/// Deferred has already been fired: a Deferred fires once only.
/// </summary>
public class AlreadyCalledError : InvalidOperationException
{
    /// <summary>Creates the error with a default message.</summary>
    public AlreadyCalledError() : base("The Deferred has already been fired.") { }

    /// <summary>Creates the error with the given message.</summary>
    public AlreadyCalledError(string message) : base(message) { }
}

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

/// <summary>
/// The failure of a <see cref="DeferredList{T}"/> built with <c>fireOnOneErrback</c> (and so of
/// <see cref="DeferredList.GatherResults{T}"/>): the first input Deferred that failed, and where
/// it stood in the input.
/// </summary>
public class FirstError : Exception
{
    /// <summary>Creates the error for the failure <paramref name="subFailure"/> of input <paramref name="index"/>.</summary>
    public FirstError(Exception subFailure, int index)
        : base($"FirstError[#{index}, {subFailure.GetType().Name}: {subFailure.Message}]", subFailure)
    {
        SubFailure = subFailure;
        Index = index;
    }

    /// <summary>The failure of the input Deferred (also the <see cref="Exception.InnerException"/>).</summary>
    public Exception SubFailure { get; }

    /// <summary>The zero-based position of that Deferred in the input.</summary>
    public int Index { get; }
}
