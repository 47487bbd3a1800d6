using PoetryReactor.Callbacks;
using PoetryReactor.Core;
using PoetryReactor.Errors;
using PoetryReactor.Objects;

namespace PoetryReactor.Hosting;

/// <summary>
/// One reactor running on its own background thread, and the one way onto that thread:
/// <see cref="Invoke{T}"/> (wait, cancellably) and <see cref="InvokeAsync{T}"/> (hand over, do not wait).
/// Made by <see cref="ModuleReactor"/>. A host runs once; the next one gets a new <see cref="Id"/>.
/// </summary>
internal sealed class ReactorHost
{
    private static int _lastId;
    [ThreadStatic] private static ReactorHost? _onThread;
    private readonly ManualResetEventSlim _running = new();
    private readonly ManualResetEventSlim _stopped = new();
    private readonly CancellationTokenSource _stoppedToken = new();
    private long _busyTimeoutTicks = TimeSpan.FromSeconds(30).Ticks;

    internal ReactorHost(ReactorBackendKind backend, bool manualClock, OutputQueue events, string modulePath, string threadName = "PoetryReactor")
        : this(events, modulePath, log => new Reactor(new ReactorOptions
        {
            Backend = backend,
            Log = log,
            Clock = manualClock ? new ManualClock() : null,
        }), threadName)
    {
    }

    /// <summary>For tests: the reactor is made by <paramref name="makeReactor"/>, given the log that feeds the event queue.</summary>
    internal ReactorHost(OutputQueue events, string modulePath, Func<IReactorLog, Reactor> makeReactor, string threadName = "PoetryReactor")
    {
        Id = Interlocked.Increment(ref _lastId);
        Events = events;
        Reactor = makeReactor(new EventQueueLog(events));
        Thread = new Thread(RunLoop) { IsBackground = true, Name = threadName };
        Runspace = new CallbackRunspace(modulePath, () => IsCurrentThread);
    }

    /// <summary>Numbers the module's reactors in start order: a new number means a new reactor.</summary>
    public int Id { get; }

    /// <summary>The reactor; touch it only on <see cref="Thread"/>, or through <see cref="Invoke{T}"/>.</summary>
    public Reactor Reactor { get; }

    /// <summary>The thread that runs the loop.</summary>
    public Thread Thread { get; }

    public DateTimeOffset StartTime { get; private set; }

    /// <summary>When the loop thread ended; null while it runs.</summary>
    public DateTimeOffset? StopTime { get; private set; }

    /// <summary>True once the loop thread has ended: the reactor can never run again.</summary>
    public bool IsStopped => _stopped.IsSet;

    /// <summary>True between a stop request and the end of the loop thread (shutdown triggers run then).</summary>
    public bool IsStopping => !IsStopped && Reactor.IsStopped;

    /// <summary>True on the loop thread, including while its shutdown finishes.</summary>
    public bool IsCurrentThread => Thread == Thread.CurrentThread;

    /// <summary>The host whose loop thread this is (the module's reactor or a worker), or null on any other thread.</summary>
    public static ReactorHost? OnThread => _onThread;

    /// <summary>Runs on the loop thread once the loop has ended, before <see cref="IsStopped"/> turns true: a worker set stops with its first reactor.</summary>
    public Action? Ending { get; set; }

    /// <summary>Set when the loop thread has ended.</summary>
    public WaitHandle StoppedHandle => _stopped.WaitHandle;

    /// <summary>Cancelled when the loop thread has ended.</summary>
    public CancellationToken StoppedToken => _stoppedToken.Token;

    /// <summary>Where callback records go when no cmdlet waits for them; read by Wait-Reactor.</summary>
    public OutputQueue Events { get; }

    /// <summary>The runspace scriptblock callbacks run in.</summary>
    public CallbackRunspace Runspace { get; }

    /// <summary>What the scriptblock callbacks did.</summary>
    public CallbackStats CallbackStats { get; } = new();

    /// <summary>Listeners started by Start-ReactorListener and not stopped.</summary>
    public HandleTable<ReactorListener> Listeners { get; } = new(l => l.Id);

    /// <summary>Calls made by Invoke-ReactorLater that are still pending or repeating.</summary>
    public HandleTable<ReactorCall> Calls { get; } = new(c => c.Id);

    /// <summary>Callbacks registered by Register-ReactorCallback that have not run or been unregistered.</summary>
    public HandleTable<ReactorCallback> Registrations { get; } = new(c => c.Id);

    /// <summary>Connections made by Connect-ReactorClient or accepted by listeners that have not closed.</summary>
    public HandleTable<ReactorConnection> Connections { get; } = new(c => c.Id);

    /// <summary>How long <see cref="Invoke{T}"/> waits for the reactor thread before it reports the reactor busy.</summary>
    public TimeSpan BusyTimeout
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _busyTimeoutTicks));
        set => Interlocked.Exchange(ref _busyTimeoutTicks, value.Ticks);
    }

    /// <summary>The exception that ended <see cref="Reactor.Run"/>, if it ended by throwing.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>
    /// Runs <paramref name="func"/> on the reactor thread and returns its result: directly when already
    /// there (a cmdlet inside a callback), so it never deadlocks; otherwise it waits until the reactor has
    /// run it, <paramref name="token"/> is cancelled (Ctrl+C: OperationCanceledException), or
    /// <see cref="BusyTimeout"/> passes (<see cref="ReactorBusyException"/>). What the function throws is rethrown.
    /// </summary>
    /// <exception cref="ReactorNotRunningException">The reactor stopped before it ran the function.</exception>
    public T Invoke<T>(Func<Reactor, T> func, CancellationToken token)
    {
        if (IsCurrentThread) return func(Reactor);
        var task = InvokeAsync(func);
        try
        {
            if (!task.Wait(BusyTimeout, token))
                throw new ReactorBusyException(
                    $"The reactor thread did not answer within {BusyTimeout.TotalSeconds:0.###} s: a callback is holding it. The request may still run later.");
        }
        catch (AggregateException)
        {
            // Rethrown unwrapped below.
        }
        return task.GetAwaiter().GetResult();
    }

    /// <summary>As <see cref="Invoke{T}"/> for work without a result.</summary>
    public void Invoke(Action<Reactor> action, CancellationToken token) =>
        Invoke<bool>(r => { action(r); return true; }, token);

    /// <summary>
    /// Hands <paramref name="func"/> to the reactor thread without waiting (at once when already there).
    /// The task fails with <see cref="ReactorNotRunningException"/> if the reactor stops first.
    /// </summary>
    public Task<T> InvokeAsync<T>(Func<Reactor, T> func) => Reactor.InvokeAsync(() => func(Reactor));

    /// <summary>Hands <paramref name="action"/> over without waiting and without a result: for clean-up after a stopped wait.</summary>
    public void Post(Action<Reactor> action) => _ = InvokeAsync(r => { action(r); return true; });

    internal void Start(TimeSpan timeout)
    {
        Reactor.CallWhenRunning(() => _running.Set());
        Thread.Start();
        if (WaitHandle.WaitAny(new[] { _running.WaitHandle, _stopped.WaitHandle }, timeout) != 0)
            throw new InvalidOperationException($"The reactor did not start within {timeout.TotalSeconds:0} s." + (Fault is null ? "" : " " + Fault.Message), Fault);
    }

    /// <summary>Waits until the reactor thread has ended; false if the timeout passed first.</summary>
    public bool WaitStopped(TimeSpan timeout) => _stopped.Wait(timeout);

    private void RunLoop()
    {
        _onThread = this;
        StartTime = DateTimeOffset.Now;
        try
        {
            Reactor.Run();
        }
        catch (Exception ex)
        {
            Fault = ex;
            Events.Post(OutputItem.Error(ErrorRecords.Create(ErrorCatalog.ReactorFailed, ex, Id,
                $"The reactor {Id} stopped because its loop failed: {ex.Message}")));
        }
        finally
        {
            try
            {
                Ending?.Invoke();
            }
            catch (Exception ex)
            {
                Events.Post(OutputItem.Error(ErrorRecords.Create(ErrorCatalog.ReactorFailed, ex, Id,
                    $"The reactor {Id} did not end cleanly: {ex.Message}")));
            }
            Runspace.Dispose();
            Reactor.Dispose();
            StopTime = DateTimeOffset.Now;
            _stopped.Set();
            _stoppedToken.Cancel();
        }
    }
}
