using PoetryReactor.Callbacks;
using PoetryReactor.Core;

namespace PoetryReactor;

/// <summary>
/// The one reactor the module owns. It starts on first use on a dedicated background thread and
/// ends with Stop-Reactor or when the module is removed. Other threads reach it only through
/// <see cref="Reactor.CallFromThread"/>: <see cref="Invoke{T}"/> does that and waits.
/// </summary>
public static class ModuleReactor
{
    private static readonly object Gate = new();
    private static ReactorHost? _host;

    /// <summary>Records from callbacks that no cmdlet waits for; read by Wait-Reactor. Outlives each reactor.</summary>
    public static OutputQueue Events { get; } = new(capacity: 10_000);

    /// <summary>How long a cmdlet waits for the reactor thread to answer before it gives up.</summary>
    public static TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The running host, or null when none runs.</summary>
    public static ReactorHost? Current
    {
        get
        {
            var h = Volatile.Read(ref _host);
            return h is { IsStopped: false } ? h : null;
        }
    }

    /// <summary>True when the calling thread is the module reactor's thread (inside a callback).</summary>
    public static bool OnReactorThread => Current?.Reactor.IsInReactorThread == true;

    /// <summary>
    /// The running host, started with <paramref name="backend"/> if none runs. When one runs and a
    /// different backend is asked for explicitly, that is an error: backends are chosen at start.
    /// </summary>
    public static ReactorHost GetOrStart(ReactorBackendKind? backend = null)
    {
        lock (Gate)
        {
            var h = Current;
            if (h is not null)
            {
                if (backend is { } b && b != ReactorBackendKind.Default && b != h.Reactor.Backend)
                    throw new InvalidOperationException(
                        $"The reactor already runs with the {h.Reactor.Backend} backend; stop it (Stop-Reactor) to start one with the {b} backend.");
                return h;
            }
            h = new ReactorHost(backend ?? ReactorBackendKind.Default, Events, ModulePath);
            h.Start(TimeSpan.FromSeconds(30));
            Volatile.Write(ref _host, h);
            return h;
        }
    }

    /// <summary>
    /// Runs <paramref name="func"/> on the reactor thread and returns its result; directly when
    /// already there (a cmdlet inside a callback), so it never deadlocks.
    /// </summary>
    public static T Invoke<T>(ReactorHost host, Func<Reactor, T> func, CancellationToken token = default)
    {
        if (host.Reactor.IsInReactorThread) return func(host.Reactor);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Reactor.CallFromThread(() =>
        {
            try { done.SetResult(func(host.Reactor)); }
            catch (Exception ex) { done.SetException(ex); }
        });
        var which = WaitHandle.WaitAny(new[] { ((IAsyncResult)done.Task).AsyncWaitHandle, host.StoppedHandle, token.WaitHandle }, CallTimeout);
        if (done.Task.IsCompleted) return done.Task.GetAwaiter().GetResult();
        token.ThrowIfCancellationRequested();
        if (which == 1) throw new ReactorNotRunningException("The reactor stopped before it could run the request.");
        throw new TimeoutException($"The reactor thread did not answer within {CallTimeout.TotalSeconds:0} s: a callback may be blocking it.");
    }

    public static void Invoke(ReactorHost host, Action<Reactor> action, CancellationToken token = default) =>
        Invoke<object?>(host, r => { action(r); return null; }, token);

    /// <summary>
    /// Stops the running reactor (Twisted's reactor.stop) and waits for its thread to end, unless
    /// called on that thread, where the stop happens after the current callback returns.
    /// Returns false when no reactor was running.
    /// </summary>
    public static bool Stop(TimeSpan wait)
    {
        ReactorHost? h;
        lock (Gate) h = Current;
        if (h is null) return false;
        if (h.Reactor.IsInReactorThread)
        {
            h.Reactor.Stop();
            return true;
        }
        try { h.Reactor.CallFromThread(() => { if (h.Reactor.IsRunning) h.Reactor.Stop(); }); }
        catch (ObjectDisposedException) { }
        h.WaitStopped(wait);
        return true;
    }

    private static string ModulePath =>
        Path.Combine(Path.GetDirectoryName(typeof(ModuleReactor).Assembly.Location)!, "PoetryReactor.psd1");
}
