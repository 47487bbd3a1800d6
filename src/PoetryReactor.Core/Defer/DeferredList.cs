namespace PoetryReactor.Core.Defer;

/// <summary>Helpers over lists of Deferreds.</summary>
public static class DeferredList
{
    /// <summary>
    /// Twisted's gatherResults: fires with the inputs' results, in input order, once all
    /// succeeded; fails with a <see cref="FirstError"/> as soon as one fails. Cancelling it
    /// cancels the inputs.
    /// </summary>
    /// <param name="deferreds">The Deferreds to wait for.</param>
    /// <param name="consumeErrors">As for <see cref="DeferredList{T}"/>: the failing input's
    /// failure is consumed there (it still reaches the result as <see cref="FirstError"/>).</param>
    public static Deferred<IReadOnlyList<T>> GatherResults<T>(IEnumerable<Deferred<T>> deferreds, bool consumeErrors = false)
        => new DeferredList<T>(deferreds, fireOnOneErrback: true, consumeErrors: consumeErrors)
            .Then<IReadOnlyList<T>>(entries => entries.Select(entry => entry.Result!).ToArray());
}
