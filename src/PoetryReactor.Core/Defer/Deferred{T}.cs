using System.Diagnostics;

namespace PoetryReactor.Core.Defer;

/// <summary>
/// A result that is not there yet: Twisted's Deferred. Fire it once with <see cref="Callback"/>
/// or <see cref="Errback"/>; the callbacks and errbacks added to its chain then run in order,
/// each one receiving the result (or failure) the previous one left. Callbacks added after it
/// fired run at once.
/// </summary>
/// <remarks>
/// <para>Typing: the chain's element type is <typeparamref name="T"/> throughout.
/// <c>AddCallback</c>/<c>AddErrback</c>/<c>AddBoth</c> replace the result in place, as in
/// Twisted; <see cref="Then{TOut}(Func{T, TOut})"/> maps the result to a new
/// <see cref="Deferred{TOut}"/> of another type, leaving this chain's result as it was.</para>
/// <para>A callback that returns an unfired (or paused) Deferred pauses this chain until that
/// Deferred fires; its result (or failure) then becomes this chain's result, and the inner
/// Deferred is left with <c>default</c>. Chains of any length run without deepening the stack.</para>
/// <para>An exception thrown by a callback turns the chain into failure mode: the next errback
/// receives it. A failure still unhandled when the Deferred is garbage-collected is reported
/// through <see cref="Deferred.UnhandledError"/>.</para>
/// <para>A lambda that only throws has no return type for overload resolution to go by; give
/// it one: <c>d.AddCallback(int (_) =&gt; throw new IOException())</c>.</para>
/// <para>Not thread-safe: fire it and add to its chain from one thread (the reactor's).</para>
/// </remarks>
/// <typeparam name="T">The type of the result.</typeparam>
public partial class Deferred<T> : IChainable
{
    private Action<Deferred<T>>? _canceller;
    private Queue<Link>? _links;
    private bool _called;
    private bool _running;
    private bool _suppressAlreadyCalled;
    // Fed by the Deferred it was made from by Then: only that Deferred may fire it.
    private bool _fed;
    private int _paused;
    private T _value = default!;
    private Exception? _error;
    // A failure already delivered elsewhere (Then, ToTask): not reported as unhandled here.
    private Exception? _handedOff;
    private IChainable? _waitingOn;
    private FailureWatch? _watch;
    private readonly string? _createdAt;
    private string? _firedAt;

    /// <summary>Creates an unfired Deferred.</summary>
    /// <param name="canceller">Called by <see cref="Cancel"/> while the Deferred is unfired, to
    /// stop the work behind it; it may fire the Deferred. If it does not (or there is none),
    /// the Deferred fails with <see cref="CancelledError"/>.</param>
    public Deferred(Action<Deferred<T>>? canceller = null)
    {
        _canceller = canceller;
        if (Deferred.Debug) _createdAt = new StackTrace(1, true).ToString();
    }

    /// <summary>A Deferred already fired with <paramref name="value"/>.</summary>
    public static Deferred<T> Succeed(T value)
    {
        var d = new Deferred<T>();
        d.Callback(value);
        return d;
    }

    /// <summary>A Deferred already failed with <paramref name="error"/>.</summary>
    public static Deferred<T> Fail(Exception error)
    {
        var d = new Deferred<T>();
        d.Errback(error);
        return d;
    }

    /// <summary>True once the Deferred has been fired (it may still be waiting on a Deferred
    /// returned by one of its callbacks).</summary>
    public bool Called => _called;

    /// <summary>True while paused, by <see cref="Pause"/> or by waiting on a Deferred returned
    /// from a callback: no callbacks run until unpaused.</summary>
    public bool Paused => _paused > 0;

    /// <summary>Stops running callbacks until a matching <see cref="Unpause"/>.</summary>
    public void Pause() => _paused++;

    /// <summary>Undoes one <see cref="Pause"/>; when none remain and the Deferred has fired,
    /// the pending callbacks run.</summary>
    /// <exception cref="InvalidOperationException">The Deferred is not paused.</exception>
    public void Unpause()
    {
        if (_paused == 0) throw new InvalidOperationException("The Deferred is not paused.");
        if (--_paused == 0 && _called) RunCallbacks();
    }

    /// <summary>Fires the Deferred with a result: the callbacks run now.</summary>
    /// <exception cref="AlreadyCalledException">It has already been fired (once after a
    /// <see cref="Cancel"/> without canceller the late result is silently dropped).</exception>
    /// <exception cref="ArgumentException"><paramref name="result"/> is itself a Deferred:
    /// return it from a callback instead.</exception>
    public void Callback(T result)
    {
        if (result is IChainable) throw new ArgumentException("Cannot fire a Deferred with a Deferred; return it from a callback instead.", nameof(result));
        GuardNotFed();
        Fire(result, null);
    }

    /// <summary>Fires the Deferred with a failure: the errbacks run now.</summary>
    /// <exception cref="AlreadyCalledException">It has already been fired (once after a
    /// <see cref="Cancel"/> without canceller the late failure is silently dropped).</exception>
    public void Errback(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        GuardNotFed();
        Fire(default!, error);
    }

    /// <summary>
    /// Cancels the work behind the Deferred. If it has not fired, its canceller runs, and if
    /// that did not fire it, it fails with <see cref="CancelledError"/>. If it has fired and is
    /// waiting on a Deferred returned by a callback, that Deferred is cancelled instead.
    /// Otherwise (already has a result) nothing happens.
    /// </summary>
    public void Cancel()
    {
        if (!_called)
        {
            var canceller = _canceller;
            if (canceller is not null) canceller(this);
            else _suppressAlreadyCalled = true; // the work will still report; swallow that once
            if (!_called) Fire(default!, new CancelledError());
        }
        else
        {
            _waitingOn?.Cancel();
        }
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        string name = Deferred.FriendlyName(GetType());
        if (!_called) return $"<{name}>";
        if (_waitingOn is not null) return $"<{name} waiting on {Deferred.FriendlyName(_waitingOn.GetType())}>";
        return _error is null ? $"<{name} current result: {_value}>" : $"<{name} current failure: {_error.GetType().Name}: {_error.Message}>";
    }

    private void GuardNotFed()
    {
        if (_fed) throw new AlreadyCalledException("This Deferred is fired by the Deferred it was made from (Then); it cannot be fired directly.");
    }

    private void Fire(T value, Exception? error)
    {
        if (_called)
        {
            if (_suppressAlreadyCalled)
            {
                _suppressAlreadyCalled = false;
                return;
            }
            throw new AlreadyCalledException(_firedAt is null
                ? "The Deferred has already been fired."
                : $"The Deferred has already been fired. First fired at:\n{_firedAt}");
        }
        _called = true;
        _canceller = null; // the canceller may hold this Deferred: break the cycle
        _value = value;
        _error = error;
        if (_createdAt is not null) _firedAt = new StackTrace(2, true).ToString();
        RunCallbacks();
    }

    /// <summary>Adds a link to the chain and runs it at once if the Deferred has fired.</summary>
    internal Deferred<T> AddLink(Func<T, Step>? onValue, Func<Exception, Step>? onError)
        => Append(new Link(onValue, onError, null));

    private Deferred<T> Append(Link link)
    {
        (_links ??= new Queue<Link>()).Enqueue(link);
        if (_called) RunCallbacks();
        return this;
    }

    private void RunCallbacks()
    {
        // A callback of this Deferred is on the stack: its loop will pick up the new links.
        if (!_running) CallbackRunner.Run(this);
    }

    bool IChainable.IsPaused => _paused > 0;

    IChainable? IChainable.RunLinks()
    {
        while (_paused == 0 && _links is { Count: > 0 })
        {
            var link = _links.Dequeue();
            if (link.HandOff is not null)
            {
                IChainable? next;
                _running = true;
                try { next = link.HandOff(this); }
                finally { _running = false; }
                if (next is not null) return next;
                continue;
            }
            var onError = _error;
            if (onError is null ? link.OnValue is null : link.OnError is null) continue;
            Step step;
            _running = true;
            try { step = onError is null ? link.OnValue!(_value) : link.OnError!(onError); }
            catch (Exception e) { step = Step.Failed(e); }
            finally { _running = false; }
            if (!Apply(step)) return null;
        }
        return null;
    }

    /// <summary>Takes a link's outcome as the new result; false when it is a Deferred that
    /// has no result yet, which this chain now waits on (paused).</summary>
    private bool Apply(in Step step)
    {
        if (step.Wait is not { } inner)
        {
            _value = step.Value;
            _error = step.Error;
            return true;
        }
        _value = default!;
        _error = null;
        if (ReferenceEquals(inner, this))
        {
            _error = new InvalidOperationException("A callback returned the Deferred it was attached to; it would wait on itself forever.");
            return true;
        }
        if (inner._called && inner._waitingOn is null && inner._paused == 0)
        {
            // It has its result already: take it over, so it is reported here only.
            _value = inner._value;
            _error = inner._error;
            inner._value = default!;
            inner._error = null;
            ((IChainable)inner).Settle();
            return true;
        }
        _paused++;
        _waitingOn = inner;
        // The inner one is unfired, paused or waiting: its own run will hand the result over.
        (inner._links ??= new Queue<Link>()).Enqueue(new Link(null, null, src => src.HandTo(this)));
        return false;
    }

    /// <summary>Moves this chain's current result to <paramref name="waiter"/>, which was
    /// waiting on it, and returns the waiter so its chain runs next.</summary>
    private IChainable HandTo(Deferred<T> waiter)
    {
        waiter._value = _value;
        waiter._error = _error;
        _value = default!;
        _error = null;
        waiter._waitingOn = null;
        waiter._paused--;
        return waiter;
    }

    /// <summary>Delivers the outcome computed by the source of a <c>Then</c>.</summary>
    private IChainable? Resume(in Step step)
    {
        if (_called) return null; // cancelled before the source got there
        _called = true;
        _canceller = null;
        return Apply(step) ? this : null;
    }

    void IChainable.Settle()
    {
        var error = _error;
        if (error is not null && _waitingOn is null && !ReferenceEquals(error, _handedOff))
        {
            if (_watch is not null && ReferenceEquals(_watch.Error, error)) return;
            _watch?.Dismiss();
            _watch = new FailureWatch(error, Describe());
        }
        else if (_watch is not null)
        {
            _watch.Dismiss();
            _watch = null;
        }
    }

    void IChainable.Cancel() => Cancel();

    private string Describe()
    {
        string name = Deferred.FriendlyName(GetType());
        if (_createdAt is null) return $"{name} (set Deferred.Debug to record where Deferreds are created)";
        return $"{name} created at:\n{_createdAt}" + (_firedAt is null ? "" : $"\nfirst fired at:\n{_firedAt}");
    }

    /// <summary>What a link leaves as the chain's result: a value, a failure, or a Deferred to wait on.</summary>
    internal readonly struct Step
    {
        private Step(T value, Exception? error, Deferred<T>? wait)
        {
            Value = value;
            Error = error;
            Wait = wait;
        }

        public T Value { get; }
        public Exception? Error { get; }
        public Deferred<T>? Wait { get; }

        public static Step Of(T value) => new(value, null, null);
        public static Step Failed(Exception error) => new(default!, error, null);

        public static Step Await(Deferred<T>? inner) => inner is null
            ? Failed(new InvalidOperationException("A callback returned null instead of a Deferred."))
            : new(default!, null, inner);

        /// <summary>A callback's return value; when T is object and it returned a Deferred, the
        /// chain waits on it, as in Twisted.</summary>
        public static Step From(T value) => value is Deferred<T> inner ? Await(inner) : Of(value);
    }

    private readonly struct Link
    {
        public Link(Func<T, Step>? onValue, Func<Exception, Step>? onError, Func<Deferred<T>, IChainable?>? handOff)
        {
            OnValue = onValue;
            OnError = onError;
            HandOff = handOff;
        }

        public Func<T, Step>? OnValue { get; }
        public Func<Exception, Step>? OnError { get; }
        // Reads the whole state (value or failure) and may return a Deferred whose chain runs next.
        public Func<Deferred<T>, IChainable?>? HandOff { get; }
    }
}
