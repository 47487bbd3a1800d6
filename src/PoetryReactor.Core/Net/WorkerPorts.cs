namespace PoetryReactor.Core.Net;

/// <summary>
/// One TCP port served by several reactors, each on its own thread (a worker per core): every
/// connection lives on one reactor from start to end, built by that reactor's factory. Where
/// SO_REUSEPORT balances (<see cref="TcpExtensions.ReusePortBalances"/>) each reactor has its own
/// listening socket and the kernel spreads the connections; elsewhere the first reactor accepts and
/// hands connections round-robin. Listen and stop from any thread: each reactor's part runs on it.
/// </summary>
public sealed class WorkerPorts
{
    private readonly (Reactor Reactor, IListeningPort Port)[] _ports;

    private WorkerPorts(WorkerAccept accept, (Reactor, IListeningPort)[] ports)
    {
        Accept = accept;
        _ports = ports;
        var first = ports[0].Item2;
        Host = first.Host;
        Port = first.Port;
    }

    /// <summary>SO_REUSEPORT where it balances, round-robin hand-off elsewhere.</summary>
    public static WorkerAccept DefaultAccept => TcpExtensions.ReusePortBalances ? WorkerAccept.ReusePort : WorkerAccept.RoundRobin;

    /// <summary>How the connections are shared out.</summary>
    public WorkerAccept Accept { get; }

    /// <summary>The bound address.</summary>
    public string Host { get; }

    /// <summary>The bound port: the real one when 0 was asked for.</summary>
    public int Port { get; }

    /// <summary>The listening sockets: one per reactor (<see cref="WorkerAccept.ReusePort"/>) or the acceptor's alone.</summary>
    public IReadOnlyList<IListeningPort> ListeningPorts => _ports.Select(p => p.Port).ToArray();

    /// <summary>
    /// Listens on <paramref name="interface"/>:<paramref name="port"/> for every one of <paramref name="workers"/>
    /// and returns once all listen. On failure, the ones already listening stop and the error is thrown.
    /// </summary>
    /// <param name="workers">The reactors, running, with the factory of each.</param>
    /// <param name="port">0..65535; 0 picks a free one, the same for all.</param>
    /// <param name="interface">An IP literal; "" means every IPv4 interface.</param>
    /// <param name="accept">How connections are shared out.</param>
    /// <param name="timeout">How long each reactor may take to listen.</param>
    /// <param name="token">Ends the wait (the listening that was asked for still happens, and is undone).</param>
    /// <exception cref="CannotListenError">The port is in use (by anything, SO_REUSEPORT or not) or cannot be bound.</exception>
    /// <exception cref="TimeoutException">A reactor did not take up the work within <paramref name="timeout"/>.</exception>
    /// <exception cref="PlatformNotSupportedException"><see cref="WorkerAccept.ReusePort"/> where it does not balance.</exception>
    public static WorkerPorts Listen(IReadOnlyList<(Reactor Reactor, ServerFactory Factory)> workers, int port, string @interface,
        WorkerAccept accept, TimeSpan timeout, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(workers);
        if (workers.Count == 0) throw new ArgumentException("There is no worker to listen on.", nameof(workers));
        if (accept == WorkerAccept.RoundRobin)
        {
            var (acceptor, _) = workers[0];
            var handOff = workers.ToArray();
            var single = Wait(acceptor, acceptor.InvokeAsync(() => acceptor.ListenTcpRoundRobin(port, handOff, @interface)), timeout, token);
            return new WorkerPorts(accept, [(acceptor, single)]);
        }
        if (!TcpExtensions.ReusePortBalances)
            throw new PlatformNotSupportedException("SO_REUSEPORT does not spread connections here: use WorkerAccept.RoundRobin.");
        // A free port found by a probe can be taken by someone else before the group binds it: try another.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return ListenReusePort(workers, port, @interface, timeout, token);
            }
            catch (CannotListenError e) when (port == 0 && attempt < 3 && e.SocketError == System.Net.Sockets.SocketError.AddressAlreadyInUse)
            {
            }
        }
    }

    private static WorkerPorts ListenReusePort(IReadOnlyList<(Reactor Reactor, ServerFactory Factory)> workers, int port, string @interface,
        TimeSpan timeout, CancellationToken token)
    {
        // A plain bind first: a port someone already holds is "in use", not quietly joined.
        int chosen = TcpExtensions.FindBindablePort(@interface, port);
        var listening = new List<(Reactor, IListeningPort)>(workers.Count);
        try
        {
            foreach (var (reactor, factory) in workers)
                listening.Add((reactor, Wait(reactor, reactor.InvokeAsync(() => reactor.ListenTcp(chosen, factory, @interface, reusePort: true)), timeout, token)));
        }
        catch
        {
            _ = StopAll(listening);
            throw;
        }
        return new WorkerPorts(WorkerAccept.ReusePort, listening.ToArray());
    }

    /// <summary>Stops every listening socket, each on its reactor's thread, without waiting. Safe to repeat; a stopped reactor's socket closed with it.</summary>
    public void StopListening() => _ = StopAll(_ports);

    /// <summary>As <see cref="StopListening"/>; the task completes once every socket is closed (the port is free).</summary>
    public Task StopListeningAsync() => StopAll(_ports);

    private static Task StopAll(IEnumerable<(Reactor Reactor, IListeningPort Port)> ports) =>
        Task.WhenAll(ports.Select(p => p.Reactor.InvokeAsync(() => p.Port.StopListening())
            // A reactor that has stopped closed its socket with it.
            .ContinueWith(t => { if (t.Exception?.InnerException is not ReactorNotRunningException and { } e) throw e; }, TaskScheduler.Default)));

    // Waits for one reactor to listen; if the wait ends first, the socket it opens later is closed again.
    private static IListeningPort Wait(Reactor reactor, Task<IListeningPort> task, TimeSpan timeout, CancellationToken token)
    {
        bool done = false;
        try
        {
            done = task.Wait(timeout, token);
        }
        catch (AggregateException)
        {
            done = true; // rethrown unwrapped below
        }
        finally
        {
            if (!done) _ = task.ContinueWith(t => StopAll([(reactor, t.Result)]), TaskContinuationOptions.OnlyOnRanToCompletion);
        }
        if (!done) throw new TimeoutException($"A worker reactor did not start listening within {timeout.TotalSeconds:0.###} s.");
        return task.GetAwaiter().GetResult();
    }
}
