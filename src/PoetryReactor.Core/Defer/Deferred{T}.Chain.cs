namespace PoetryReactor.Core.Defer;

public partial class Deferred<T>
{
    /// <summary>
    /// Adds a callback: on success it receives the result and its return value becomes the new
    /// result; if it throws, the chain fails with that exception. Failures pass it by.
    /// </summary>
    /// <returns>This Deferred, for chaining calls.</returns>
    public Deferred<T> AddCallback(Func<T, T> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return AddLink(v => Step.From(callback(v)), null);
    }

    /// <summary>
    /// Adds a callback that returns a Deferred: the chain pauses until that Deferred fires,
    /// and its result (or failure) becomes this chain's result.
    /// </summary>
    public Deferred<T> AddCallback(Func<T, Deferred<T>> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return AddLink(v => Step.Await(callback(v)), null);
    }

    /// <summary>
    /// Adds an errback: on failure it receives the exception and its return value becomes the
    /// new (successful) result, recovering the chain; if it throws, the chain stays failed with
    /// what it threw. Successes pass it by.
    /// </summary>
    public Deferred<T> AddErrback(Func<Exception, T> errback)
    {
        ArgumentNullException.ThrowIfNull(errback);
        return AddLink(null, e => Step.From(errback(e)));
    }

    /// <summary>
    /// Adds an errback that handles only failures of type <typeparamref name="TException"/>
    /// (Twisted's <c>failure.trap</c>); other failures pass it by unchanged.
    /// </summary>
    public Deferred<T> AddErrback<TException>(Func<TException, T> errback) where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(errback);
        return AddLink(null, e => e is TException trapped ? Step.From(errback(trapped)) : Step.Failed(e));
    }

    /// <summary>
    /// Adds an errback that returns a Deferred: the chain pauses until it fires, and its result
    /// (or failure) becomes this chain's result.
    /// </summary>
    public Deferred<T> AddErrback(Func<Exception, Deferred<T>> errback)
    {
        ArgumentNullException.ThrowIfNull(errback);
        return AddLink(null, e => Step.Await(errback(e)));
    }

    /// <summary>
    /// Adds a callback and an errback at the same point of the chain: exactly one of them runs,
    /// and a failure thrown by the callback does not reach this errback (it reaches the next).
    /// </summary>
    /// <param name="callback">As for <see cref="AddCallback(Func{T, T})"/>.</param>
    /// <param name="errback">As for <see cref="AddErrback(Func{Exception, T})"/>; null passes
    /// failures through.</param>
    public Deferred<T> AddCallbacks(Func<T, T> callback, Func<Exception, T>? errback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return AddLink(v => Step.From(callback(v)), errback is null ? null : e => Step.From(errback(e)));
    }

    /// <summary>
    /// Adds a function run in either case: with (result, null) on success or (default, error)
    /// on failure. Its return value becomes the new successful result (so a failure counts as
    /// handled); if it throws, the chain fails with that.
    /// </summary>
    public Deferred<T> AddBoth(Func<T?, Exception?, T> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return AddLink(v => Step.From(callback(v, null)), e => Step.From(callback(default, e)));
    }

    /// <summary>
    /// Maps this chain's result, at this point of the chain, to a new Deferred of another
    /// type: it fires with <c>callback(result)</c>, or with this chain's failure (unchanged), or
    /// with what the callback threw. This chain keeps its own result; a failure delivered to the
    /// new Deferred is its to handle and is not reported as unhandled here.
    /// Cancelling the new Deferred before it fires cancels this one.
    /// </summary>
    public Deferred<TOut> Then<TOut>(Func<T, TOut> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return ThenCore(v => Deferred<TOut>.Step.From(callback(v)));
    }

    /// <summary>
    /// As <see cref="Then{TOut}(Func{T, TOut})"/> for a callback that returns a Deferred: the
    /// new Deferred fires when that one does, with its result or failure.
    /// </summary>
    public Deferred<TOut> Then<TOut>(Func<T, Deferred<TOut>> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return ThenCore(v => Deferred<TOut>.Step.Await(callback(v)));
    }

    private Deferred<TOut> ThenCore<TOut>(Func<T, Deferred<TOut>.Step> map)
    {
        var next = new Deferred<TOut>(_ => Cancel()) { _fed = true };
        // A hand-off, not a callback: the run loop pushes `next` instead of recursing into it,
        // so a long line of Thens fires at constant stack depth.
        Append(new Link(null, null, source =>
        {
            Deferred<TOut>.Step step;
            if (source._error is { } error)
            {
                source._handedOff = error;
                step = Deferred<TOut>.Step.Failed(error);
            }
            else
            {
                try { step = map(source._value); }
                catch (Exception e) { step = Deferred<TOut>.Step.Failed(e); }
            }
            return next.Resume(step);
        }));
        return next;
    }
}
