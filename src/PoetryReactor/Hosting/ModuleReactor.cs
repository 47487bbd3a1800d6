using PoetryReactor.Callbacks;
using PoetryReactor.Core;

namespace PoetryReactor.Hosting;

/// <summary>
/// The one reactor the module owns. It starts on first use on a dedicated background thread and ends
/// with Stop-Reactor or when the module is removed. Other threads reach it only through
/// <see cref="ReactorHost.Invoke{T}"/>.
/// </summary>
internal static class ModuleReactor
{
    private static readonly object Gate = new();
    private static ReactorHost? _host;
    private static ReactorHost[] _workers = [];

    /// <summary>How long a start, or the wait for a stopping reactor to end, may take.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Records from callbacks that no cmdlet waits for; read by Wait-Reactor. Outlives each reactor.</summary>
    public static OutputQueue Events { get; } = new(capacity: 10_000);

    /// <summary>The host whose loop thread has not ended (running or stopping), or null.</summary>
    public static ReactorHost? Current
    {
        get
        {
            var h = Volatile.Read(ref _host);
            return h is { IsStopped: false } ? h : null;
        }
    }

    /// <summary>The most recent host, even when it has stopped (for Get-Reactor's last figures); null before any.</summary>
    public static ReactorHost? Last => Volatile.Read(ref _host);

    /// <summary>True on a thread of the module's reactors: the main one or a worker (inside a callback, or a shutdown).</summary>
    public static bool OnReactorThread => ReactorHost.OnThread is not null;

    /// <summary>The worker reactors running beside the module's reactor (for -Workers), in order; empty when none.</summary>
    public static IReadOnlyList<ReactorHost> Workers => Volatile.Read(ref _workers);

    /// <summary>The most reactors a server may be spread over.</summary>
    public const int MaxWorkers = 256;

    /// <summary>
    /// <paramref name="count"/> reactors for one server (-Workers): the module's reactor first, then
    /// worker reactors, each on its own thread with its own callback runspace, started on first need
    /// with the same backend and kind of clock, shared by every server that asks, and stopped when the
    /// module's reactor stops.
    /// </summary>
    /// <exception cref="InvalidOperationException">A worker reactor did not start.</exception>
    public static IReadOnlyList<ReactorHost> GetWorkers(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxWorkers);
        var main = GetOrStart();
        lock (Gate)
        {
            // Workers made now would outlive the stop that has begun.
            if (main.Reactor.IsStopped) throw new ReactorNotRunningException("The reactor is stopping; start the server once it has stopped.");
            var workers = _workers;
            if (workers.Length < count - 1)
            {
                var more = new List<ReactorHost>(workers);
                while (more.Count < count - 1)
                {
                    var worker = new ReactorHost(main.Reactor.Backend, main.Reactor.HasManualClock, Events, ModulePath, $"PoetryReactor {more.Count + 2}")
                    {
                        BusyTimeout = main.BusyTimeout,
                    };
                    worker.Start(StartTimeout);
                    more.Add(worker);
                }
                Volatile.Write(ref _workers, workers = more.ToArray());
            }
            return [main, .. workers.Take(count - 1)];
        }
    }

    /// <summary>
    /// The running host, started with <paramref name="backend"/> if none runs. When one runs and a
    /// different backend is asked for explicitly, that is an error: backends are chosen at start.
    /// A host that is stopping is waited for and replaced, except on its own thread (a shutdown
    /// trigger), where it is returned as it is.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another backend runs, or the reactor did not start.</exception>
    /// <exception cref="TimeoutException">A stopping reactor did not end in time.</exception>
    /// <exception cref="PlatformNotSupportedException">The backend does not exist on this platform.</exception>
    /// <exception cref="ClockMismatchException">A manual clock was asked for and the running reactor has a real one, or the other way round.</exception>
    public static ReactorHost GetOrStart(ReactorBackendKind? backend = null, bool? manualClock = null)
    {
        while (true)
        {
            // Wait outside the lock: the stopping reactor's shutdown callbacks may call in here.
            if (Current is { IsStopping: true, IsCurrentThread: false } stopping && !stopping.WaitStopped(StartTimeout))
                throw new TimeoutException($"The reactor is stopping and did not end within {StartTimeout.TotalSeconds:0} s: a shutdown callback may be blocking it.");
            lock (Gate)
            {
                var h = Current;
                if (h is { IsStopping: true, IsCurrentThread: false }) continue;
                if (h is not null)
                {
                    if (backend is { } b && b != ReactorBackendKind.Default && b != h.Reactor.Backend)
                        throw new BackendMismatchException(
                            $"The reactor already runs with the {h.Reactor.Backend} backend; stop it (Stop-Reactor) to start one with the {b} backend.");
                    if (manualClock is { } manual && manual != h.Reactor.HasManualClock)
                        throw new ClockMismatchException(manual
                            ? "The reactor already runs on real time; stop it (Stop-Reactor) to start one with -ManualClock."
                            : "The reactor runs on a manual clock; stop it (Stop-Reactor) to start one on real time.");
                    return h;
                }
                h = new ReactorHost(backend ?? ReactorBackendKind.Default, manualClock == true, Events, ModulePath);
                h.Ending = StopWorkers;
                h.Start(StartTimeout);
                Volatile.Write(ref _host, h);
                return h;
            }
        }
    }

    /// <summary>
    /// Stops the running reactor (Twisted's reactor.stop) and waits up to <paramref name="wait"/> for its
    /// thread to end, unless called on that thread, where the stop happens after the current callback
    /// returns. Returns false when no reactor was running or it was already stopping.
    /// </summary>
    public static bool Stop(TimeSpan wait)
    {
        var h = Current;
        if (h is null) return false;
        var requested = RequestStop(h);
        if (!h.IsCurrentThread) h.WaitStopped(wait);
        return requested;
    }

    /// <summary>Asks <paramref name="host"/>'s reactor to stop, from any thread; false if it was not running or already stopping.</summary>
    public static bool RequestStop(ReactorHost host)
    {
        try
        {
            host.Reactor.Stop();
            return true;
        }
        catch (ReactorNotRunningException)
        {
            return false;
        }
    }

    // The module's reactor has ended: so do its workers (their connections close with them).
    private static void StopWorkers()
    {
        ReactorHost[] workers;
        lock (Gate)
        {
            workers = _workers;
            _workers = [];
        }
        foreach (var worker in workers) RequestStop(worker);
        foreach (var worker in workers) worker.WaitStopped(StartTimeout);
    }

    private static string ModulePath =>
        Path.Combine(Path.GetDirectoryName(typeof(ModuleReactor).Assembly.Location)!, "PoetryReactor.psd1");
}
