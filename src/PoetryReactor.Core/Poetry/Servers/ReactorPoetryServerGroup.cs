using System.Net;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Poetry.Servers;

/// <summary>
/// The slow poetry server on several reactors at once, one per core: a <see cref="ReactorPoetryServer"/>
/// on each (<see cref="Workers"/>), one port shared through <see cref="WorkerPorts"/>. A connection is
/// served start to end by the reactor that got it. <see cref="Stats"/> counts them all, each worker's
/// own <see cref="ReactorPoetryServer.Stats"/> its share; <see cref="PoetryServerOptions.MaxConnections"/>
/// bounds the whole. Start and stop from any thread; each worker's part runs on its reactor.
/// </summary>
public sealed class ReactorPoetryServerGroup : IPoetryServer, IDisposable
{
    private readonly ReactorPoetryServer[] _workers;
    private WorkerPorts? _ports;
    private int _stopped;

    /// <summary>A stopped server over <paramref name="reactors"/> (running, all with one backend); the options are copied.</summary>
    /// <exception cref="ArgumentException">No reactors, or one given twice.</exception>
    public ReactorPoetryServerGroup(IReadOnlyList<Reactor> reactors, PoetryServerOptions options, WorkerAccept accept)
    {
        ArgumentNullException.ThrowIfNull(reactors);
        ArgumentNullException.ThrowIfNull(options);
        if (reactors.Count == 0) throw new ArgumentException("A server needs at least one reactor.", nameof(reactors));
        if (reactors.Distinct().Count() != reactors.Count) throw new ArgumentException("A reactor is given twice.", nameof(reactors));
        Options = options.Clone();
        Accept = accept;
        var limit = Options.MaxConnections > 0 ? new ConnectionLimit(Options.MaxConnections) : null;
        _workers = reactors.Select(r => new ReactorPoetryServer(r, Options, Stats, limit)).ToArray();
    }

    /// <summary>One server per reactor, in the order given.</summary>
    public IReadOnlyList<ReactorPoetryServer> Workers => _workers;

    /// <summary>How connections are shared out over the workers.</summary>
    public WorkerAccept Accept { get; }

    /// <inheritdoc />
    public PoetryServerMode Mode => PoetryServerMode.Reactor;

    /// <inheritdoc />
    public PoetryServerOptions Options { get; }

    /// <inheritdoc />
    public PoetryServerStats Stats { get; } = new();

    /// <inheritdoc />
    public int Port => _ports?.Port ?? 0;

    /// <inheritdoc />
    public string? Host => _ports?.Host;

    /// <inheritdoc />
    public HostPort Address => _ports is { } p
        ? HostPort.FromEndPoint(new IPEndPoint(IPAddress.Parse(p.Host), p.Port))
        : throw new InvalidOperationException("The server has not been started.");

    /// <inheritdoc />
    public bool IsRunning => _ports is not null && Volatile.Read(ref _stopped) == 0 && _workers.Any(w => w.IsRunning);

    /// <summary>Listens on every worker and returns once all do; on failure none listens.</summary>
    /// <param name="timeout">How long each worker's reactor may take to listen.</param>
    /// <param name="token">Ends the wait.</param>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    /// <exception cref="PoetryException">The address is in use (<see cref="PoetryErrorKind.AddressInUse"/>) or cannot be bound.</exception>
    /// <exception cref="TimeoutException">A worker's reactor did not answer in time.</exception>
    public void Start(TimeSpan timeout, CancellationToken token = default)
    {
        if (_ports is not null) throw new InvalidOperationException("The server has already been started.");
        try
        {
            _ports = WorkerPorts.Listen(_workers.Select(w => (w.Reactor, w.Factory)).ToArray(), Options.Port, Options.Interface.ToString(), Accept, timeout, token);
        }
        catch (CannotListenError e)
        {
            throw PoetryException.FromSocketError(e.SocketError, new IPEndPoint(Options.Interface, Options.Port).ToString(), e);
        }
        var endPoint = new IPEndPoint(IPAddress.Parse(_ports.Host), _ports.Port);
        foreach (var worker in _workers) worker.Attach(endPoint);
    }

    /// <summary>
    /// Stops listening everywhere and closes every worker's connections (see <see cref="ReactorPoetryServer.Stop"/>);
    /// waits up to <see cref="ReactorPoetryServer.StopTimeout"/> for the workers' reactors. Safe to repeat.
    /// </summary>
    /// <exception cref="TimeoutException">A worker's reactor did not take up the stop in time (it still happens once it does).</exception>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        _ports?.StopListening();
        var stops = _workers.Select(w => w.StopAsync()).ToArray();
        try
        {
            if (!Task.WaitAll(stops, ReactorPoetryServer.StopTimeout))
                throw new TimeoutException($"A worker's reactor did not stop the server within {ReactorPoetryServer.StopTimeout.TotalSeconds:0.###} s.");
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is ReactorNotRunningException))
        {
            // Those reactors have stopped, and closed their connections with them.
        }
    }

    /// <summary>Same as <see cref="Stop"/>.</summary>
    public void Dispose() => Stop();
}
