namespace PoetryReactor.Core.Defer;

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
