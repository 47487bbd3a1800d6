namespace PoetryReactor.Core;

/// <summary>
/// Twisted's reactor: one thread runs delayed calls, actions handed over from other threads,
/// system event triggers and I/O callbacks, and blocks in its backend's wait when there is nothing
/// to do. Only <see cref="CallFromThread"/> and <see cref="Stop"/> may be called from other threads
/// while it runs; everything else belongs to the reactor thread (or, before <see cref="Run"/>, to
/// whoever sets it up). A reactor runs once.
/// </summary>
public sealed partial class Reactor : IDisposable, IReadinessSink, IReactorTime
{
    private enum State { Created, Running, Stopped }

    private readonly IReactorBackend _backend;
    private readonly IReactorClock _clock;
    private readonly IReactorLog _log;
    private readonly TimerQueue _timers;
    private readonly TimeSpan _shutdownTimeout;
    private readonly object _lock = new();
    private List<Action> _threadQueue = new();
    private List<Action>? _threadSpare = new();
    private State _state;
    private volatile bool _stopRequested;
    private volatile bool _isRunning;
    private volatile int _threadId;
    private bool _shutdownStarted;
    private bool _shutdownDone;

    /// <summary>Creates a reactor; <paramref name="options"/> null means all defaults.</summary>
    /// <exception cref="PlatformNotSupportedException">Epoll asked for off Linux.</exception>
    public Reactor(ReactorOptions? options = null)
    {
        options ??= new ReactorOptions();
        _clock = options.Clock ?? MonotonicClock.Instance;
        _log = options.Log ?? new TextWriterReactorLog();
        _shutdownTimeout = options.ShutdownTimeout;
        _timers = new TimerQueue(_clock);
        _backend = ReactorBackends.Create(options.Backend);
        Backend = _backend.Kind;
        // Room for the connections to come, made off the reactor's path (see DescriptorTable).
        Net.DescriptorTable.ReserveInitial();
    }

    /// <summary>Raised on the reactor thread for every exception a callback threw (after the log sink).</summary>
    public event EventHandler<ReactorErrorEventArgs>? CallbackFailed;

    /// <summary>The backend in use (never <see cref="ReactorBackendKind.Default"/>).</summary>
    public ReactorBackendKind Backend { get; }

    /// <summary>
    /// True from the end of the "during startup" phase until the end of the "during shutdown"
    /// phase (Twisted's <c>running</c>).
    /// </summary>
    public bool IsRunning => _isRunning;

    /// <summary>True once the reactor has been stopped (or disposed): it can never run again.</summary>
    public bool IsStopped { get { lock (_lock) return _state == State.Stopped || _stopRequested; } }

    /// <summary>The managed thread id of the thread inside <see cref="Run"/>, or null.</summary>
    public int? ThreadId => _threadId == 0 ? null : _threadId;

    /// <summary>True when called from the thread inside <see cref="Run"/>.</summary>
    public bool IsInReactorThread => _threadId == Environment.CurrentManagedThreadId;

    /// <summary>The reactor's counters.</summary>
    public ReactorStats Stats { get; } = new();

    internal TimerQueue Timers => _timers;

    /// <summary>Now, in seconds, per the reactor's monotonic clock.</summary>
    public double Seconds() => _clock.Now;

    /// <summary>
    /// Runs the loop on the calling thread until <see cref="Stop"/> has been called and shutdown
    /// is complete. Fires "startup" first (triggers added by <see cref="CallWhenRunning"/> run in its
    /// "after" phase).
    /// </summary>
    /// <exception cref="ReactorAlreadyRunningException">Already running.</exception>
    /// <exception cref="ReactorNotRestartableException">Already ran and stopped.</exception>
    public void Run()
    {
        lock (_lock)
        {
            if (_state == State.Running) throw new ReactorAlreadyRunningException();
            if (_state == State.Stopped) throw new ReactorNotRestartableException();
            _state = State.Running;
            _threadId = Environment.CurrentManagedThreadId;
        }
        try
        {
            FireSystemEvent("startup", afterDuring: () => _isRunning = true, completed: null, bounded: false);
            while (true)
            {
                if (_stopRequested && !_shutdownStarted) BeginShutdown();
                if (_shutdownDone) break;
                RunUntilCurrent();
                // No wait when the pass stopped the reactor or finished its shutdown.
                if (_shutdownDone || (_stopRequested && !_shutdownStarted)) continue;
                DoIteration(Timeout());
            }
        }
        finally
        {
            Finish();
        }
    }

    /// <summary>
    /// Asks the loop to shut down: after the current pass it fires "shutdown" (before triggers,
    /// waiting up to <see cref="ReactorOptions.ShutdownTimeout"/> for their Tasks; during triggers),
    /// closes every registered descriptor with <see cref="ReactorShutdownException"/>, drops pending
    /// delayed calls, runs the after triggers, and <see cref="Run"/> returns. Safe from any thread:
    /// from another thread it only records the request and wakes the loop.
    /// </summary>
    /// <exception cref="ReactorNotRunningException">Not running, or already stopping.</exception>
    public void Stop()
    {
        lock (_lock)
        {
            if (_state != State.Running || _stopRequested) throw new ReactorNotRunningException();
            _stopRequested = true;
            if (!IsInReactorThread) _backend.Wake();
        }
    }

    /// <summary>
    /// Queues <paramref name="action"/> to run on the reactor thread at its next pass, in call order,
    /// and wakes the loop. The only method safe from any thread. Before <see cref="Run"/> the actions
    /// wait for it. Actions still queued when the reactor finishes are dropped (with a warning).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    /// <exception cref="ReactorNotRunningException">The reactor has stopped for good.</exception>
    public void CallFromThread(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_lock)
        {
            if (_state == State.Stopped) throw new ReactorNotRunningException("The reactor has stopped; the action would never run.");
            _threadQueue.Add(action);
            if (_threadQueue.Count == 1 && !IsInReactorThread) _backend.Wake();
        }
    }

    /// <summary>
    /// Runs <paramref name="func"/> on the reactor thread and completes the task with its result or
    /// exception (Twisted's <c>blockingCallFromThread</c>, without the blocking). Runs at once when
    /// called on the reactor thread, or before <see cref="Run"/> while nothing else owns the reactor
    /// (set-up); otherwise queued as <see cref="CallFromThread"/> does. Safe from any thread. If the
    /// reactor finishes before the queued call runs, the task fails with
    /// <see cref="ReactorNotRunningException"/>, so a waiter is never stranded.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="func"/> is null.</exception>
    public Task<T> InvokeAsync<T>(Func<T> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        if (IsInReactorThread || (_threadId == 0 && !IsStopped))
        {
            try { return Task.FromResult(func()); }
            catch (Exception ex) { return Task.FromException<T>(ex); }
        }
        var invocation = new ReactorInvocation<T>(func);
        try { CallFromThread(invocation.Run); }
        catch (ReactorNotRunningException ex) { invocation.Abandon(ex); }
        return invocation.Task;
    }

    /// <summary>As <see cref="InvokeAsync{T}(Func{T})"/> for work without a result.</summary>
    public Task InvokeAsync(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return InvokeAsync<bool>(() => { action(); return true; });
    }

    /// <summary>Schedules <paramref name="action"/> to run on the reactor thread <paramref name="delaySeconds"/> from now.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or NaN delay.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    /// <exception cref="InvalidOperationException">Called from another thread while running.</exception>
    public DelayedCall CallLater(double delaySeconds, Action action)
    {
        CheckThread();
        return _timers.Schedule(delaySeconds, action);
    }

    /// <summary>As <see cref="CallLater(double, Action)"/>, with a <see cref="TimeSpan"/>.</summary>
    public DelayedCall CallLater(TimeSpan delay, Action action) => CallLater(delay.TotalSeconds, action);

    /// <summary>Runs <paramref name="call"/>, which has run, again <paramref name="delaySeconds"/> from now: a
    /// repeating timer without a new DelayedCall each time (10,000 slow-poem connections: 100,000 a second).</summary>
    internal void CallAgain(DelayedCall call, double delaySeconds)
    {
        CheckThread();
        _timers.Rearm(call, delaySeconds);
    }

    /// <summary>The pending delayed calls (not called, not cancelled), by due time then scheduling order.</summary>
    public IReadOnlyList<DelayedCall> GetDelayedCalls() => _timers.Live();

    /// <summary>
    /// One pass without <see cref="Run"/> (for tests and embedding): <see cref="RunUntilCurrent"/>, then one
    /// wait for I/O of at most <paramref name="timeoutSeconds"/> (less if a delayed call is due sooner),
    /// dispatching what is ready.
    /// </summary>
    /// <exception cref="ReactorAlreadyRunningException">Called while <see cref="Run"/> is active.</exception>
    /// <exception cref="ReactorNotRestartableException">The reactor has stopped.</exception>
    public void Iterate(double timeoutSeconds = 0)
    {
        TimerQueue.CheckDelay(timeoutSeconds, nameof(timeoutSeconds));
        lock (_lock)
        {
            if (_state == State.Running) throw new ReactorAlreadyRunningException("Iterate cannot be used while Run is active.");
            if (_state == State.Stopped) throw new ReactorNotRestartableException("The reactor has stopped.");
        }
        RunUntilCurrent();
        double? next = Timeout();
        DoIteration(next is null ? timeoutSeconds : Math.Min(timeoutSeconds, next.Value));
    }

    /// <summary>
    /// Runs the actions queued by <see cref="CallFromThread"/> before this call (later ones wait for
    /// the next pass), then every delayed call due now, equal due times in scheduling order.
    /// Calls scheduled while it runs wait for the next pass.
    /// </summary>
    public void RunUntilCurrent()
    {
        List<Action> batch;
        lock (_lock)
        {
            if (_threadSpare is null) throw new InvalidOperationException("RunUntilCurrent is not re-entrant.");
            batch = _threadQueue;
            _threadQueue = _threadSpare;
            _threadSpare = null;
        }
        try
        {
            foreach (var action in batch)
            {
                Stats.ThreadCallRun();
                Invoke(action);
            }
        }
        finally
        {
            batch.Clear();
            _threadSpare = batch;
        }

        RunDueCalls(_clock.Now);
    }

    // Runs the delayed calls due at <now>; calls they schedule wait for the next pass.
    private void RunDueCalls(double now)
    {
        long limit = _timers.NextSeq;
        while (_timers.PopDue(now, limit) is { } call)
        {
            call.MarkCalled();
            Stats.DelayedCallRun();
            Stats.Lag(now - call.Time);
            Invoke(call.Action);
        }
    }

    /// <summary>
    /// Seconds the loop would wait now: 0 if thread actions are queued, else the time to the nearest
    /// pending delayed call (0 if overdue), or null if there is none (wait without limit).
    /// </summary>
    public double? Timeout()
    {
        lock (_lock)
        {
            if (_threadQueue.Count > 0) return 0;
        }
        var next = _timers.PeekLive();
        return next is null ? null : Math.Max(0, next.Time - _clock.Now);
    }

    /// <summary>
    /// Before <see cref="Run"/>: releases the backend; the reactor cannot run afterwards.
    /// While running: requests a stop (as <see cref="Stop"/>, if not already requested); the
    /// backend is released when <see cref="Run"/> returns. After: nothing.
    /// </summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_state == State.Running)
            {
                if (!_stopRequested)
                {
                    _stopRequested = true;
                    if (!IsInReactorThread) _backend.Wake();
                }
                return;
            }
            if (_state == State.Stopped) return;
            _state = State.Stopped;
            _backend.Dispose();
        }
    }

    private void DoIteration(double? timeoutSeconds)
    {
        int ms = timeoutSeconds is not { } t ? -1 : (int)Math.Min(Math.Ceiling(t * 1000), int.MaxValue);
        Stats.Iteration();
        _backend.Wait(ms, this);
    }

    private void BeginShutdown()
    {
        _shutdownStarted = true;
        FireSystemEvent(
            "shutdown",
            afterDuring: () =>
            {
                _isRunning = false;
                foreach (var descriptor in RemoveAll())
                    Guard(descriptor.LogPrefix, descriptor, static d => d.ConnectionLost(new ReactorShutdownException()));
                _timers.DropAll();
            },
            completed: () => _shutdownDone = true,
            bounded: true);
    }

    private void Finish()
    {
        int dropped;
        List<IAbandonable> abandoned;
        lock (_lock)
        {
            _state = State.Stopped;
            _stopRequested = true;
            _isRunning = false;
            _threadId = 0;
            dropped = _threadQueue.Count;
            abandoned = _threadQueue.Select(a => a.Target).OfType<IAbandonable>().ToList();
            _threadQueue.Clear();
            _backend.Dispose();
        }
        foreach (var a in abandoned) a.Abandon(new ReactorNotRunningException("The reactor stopped before it ran the call."));
        if (dropped > 0) Warn(nameof(Run), $"{dropped} action(s) queued by CallFromThread were dropped at shutdown.");
    }

    private void CheckThread()
    {
        int owner = _threadId;
        if (owner != 0 && owner != Environment.CurrentManagedThreadId)
            throw new InvalidOperationException("This reactor method must be called on the reactor thread; use CallFromThread.");
    }

    private void Invoke(Action action)
    {
        try
        {
            action();
            Stats.CallbackRun();
        }
        catch (Exception ex)
        {
            Report(NameOf(action), ex);
        }
    }

    private void Guard<T>(string origin, T state, Action<T> action)
    {
        try
        {
            action(state);
            Stats.CallbackRun();
        }
        catch (Exception ex)
        {
            Report(origin, ex);
        }
    }

    /// <summary>Reports an error caught outside a dispatch (e.g. by a transport) as a callback error.</summary>
    internal void ReportError(string origin, Exception ex) => Report(origin, ex);

    private void Report(string origin, Exception ex)
    {
        Stats.CallbackError();
        try { _log.Error(origin, ex); } catch (Exception) { /* a broken log must not stop the loop */ }
        try { CallbackFailed?.Invoke(this, new ReactorErrorEventArgs(origin, ex)); } catch (Exception) { /* likewise */ }
    }

    private void Warn(string origin, string message)
    {
        try { _log.Warning(origin, message); } catch (Exception) { /* a broken log must not stop the loop */ }
    }

    internal static string NameOf(Delegate d) =>
        d.Method.DeclaringType is { } type ? $"{type.Name}.{d.Method.Name}" : d.Method.Name;
}
