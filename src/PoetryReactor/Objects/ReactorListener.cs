using PoetryReactor.Callbacks;
using PoetryReactor.Core;
using PoetryReactor.Core.Net;
using PoetryReactor.Hosting;

namespace PoetryReactor.Objects;

/// <summary>
/// A TCP port listening with a scriptblock protocol (Start-ReactorListener), on the module's reactor or,
/// with -Workers, on it and its worker reactors: each connection lives on one reactor, and its callbacks
/// run there, in that reactor's runspace. Safe from any thread: <see cref="Stop"/> is marshalled to the
/// reactor threads, the counters are read as they are written there.
/// </summary>
public sealed class ReactorListener
{
    private static int _lastId;
    private readonly Part[] _parts;
    private IListeningPort? _port;      // one reactor
    private WorkerPorts? _workerPorts;  // several
    private volatile bool _listening;

    private ReactorListener(IReadOnlyList<ReactorHost> hosts, string? name, string origin)
    {
        _parts = hosts.Select(h => new Part(h)).ToArray();
        Name = name;
        Origin = origin;
        Id = Interlocked.Increment(ref _lastId);
    }

    /// <summary>Numbers listeners in the order they were started.</summary>
    public int Id { get; }

    /// <summary>The name given with -Name, to find the listener again; null when none was.</summary>
    public string? Name { get; }

    /// <summary>The reactor it runs on (<see cref="ReactorHost.Id"/>): the module's reactor, the first of its workers.</summary>
    public int ReactorId => Host.Id;

    /// <summary>The bound address.</summary>
    public string Interface { get; private set; } = "";

    /// <summary>The bound port: the real one when port 0 was asked for.</summary>
    public int Port { get; private set; }

    /// <summary><c>host:port</c>, as Connect-ReactorClient takes it.</summary>
    public string Address => Interface.Contains(':') ? $"[{Interface}]:{Port}" : $"{Interface}:{Port}";

    /// <summary>True until stopped (or its reactor stopped).</summary>
    public bool IsListening => _listening && !Host.IsStopped;

    /// <summary>Connections open now, over all workers.</summary>
    public int Connections => (int)_parts.Sum(p => p.Tally.Active);

    /// <summary>Connections accepted so far, over all workers.</summary>
    public long Accepted => _parts.Sum(p => p.Tally.Accepted);

    /// <summary>Bytes written to its connections, over all workers.</summary>
    public long BytesSent => _parts.Sum(p => p.Tally.BytesSent);

    /// <summary>Bytes received from its connections, over all workers.</summary>
    public long BytesReceived => _parts.Sum(p => p.Tally.BytesReceived);

    /// <summary>How many reactors serve it, each on its own thread (-Workers).</summary>
    public int WorkerCount => _parts.Length;

    /// <summary>How connections are shared out over the workers (ReusePort or RoundRobin); null with one worker.</summary>
    public WorkerAccept? WorkerAccept => _workerPorts?.Accept;

    /// <summary>Each worker's share: its reactor and the connections and bytes it handled.</summary>
    public ServerWorker[] Workers => _parts.Select((p, i) => new ServerWorker(i + 1, p.Host.Id, p.Tally)).ToArray();

    /// <summary>Where its callbacks came from.</summary>
    public string Origin { get; }

    // The module's reactor: the listener is listed there.
    internal ReactorHost Host => _parts[0].Host;

    /// <summary>
    /// Stops listening (the port is free when this returns); open connections stay open unless
    /// <paramref name="closeConnections"/>, which closes them cleanly. Stopping twice does nothing, nor
    /// does stopping one whose reactor has stopped (the port closed with it).
    /// </summary>
    public void Stop(bool closeConnections = false) => Stop(closeConnections, CancellationToken.None);

    /// <summary>As <see cref="Stop(bool)"/>, the wait for the reactor threads ended by <paramref name="token"/>.</summary>
    internal void Stop(bool closeConnections, CancellationToken token)
    {
        if (Host.IsStopped) return;
        try
        {
            var wasListening = Host.Invoke(_ =>
            {
                if (!_listening) return false;
                _listening = false;
                _port?.StopListening();
                Host.Listeners.Remove(this);
                return true;
            }, token);
            // Every worker's socket closes on its own thread; the port is free once all have.
            if (wasListening && _workerPorts is { } ports && !ports.StopListeningAsync().Wait(Host.BusyTimeout, token))
                throw new ReactorBusyException($"A worker reactor did not close its socket within {Host.BusyTimeout.TotalSeconds:0.###} s: a callback is holding it.");
            if (!closeConnections) return;
            foreach (var part in _parts.Where(p => !p.Host.IsStopped))
                part.Host.Invoke(_ =>
                {
                    foreach (var p in part.Live.ToList()) p.Transport?.LoseConnection();
                }, token);
        }
        catch (ReactorNotRunningException)
        {
            // Its reactor stopped meanwhile, and closed the port.
        }
    }

    /// <summary>Names the listener.</summary>
    public override string ToString() => $"ReactorListener({Id}, {Address}, {(IsListening ? "listening" : "stopped")})";

    /// <summary>Listens on the reactor thread; records of the callbacks go to the host's event queue.</summary>
    /// <exception cref="CannotListenError">The port is in use or cannot be bound.</exception>
    /// <exception cref="ArgumentException">The interface is not an IP address.</exception>
    internal static ReactorListener Listen(ReactorHost host, string? name, int port, string @interface, ProtocolCallbacks callbacks, string origin)
    {
        var listener = new ReactorListener([host], name, origin);
        listener._port = host.Reactor.ListenTcp(port, listener.FactoryFor(listener._parts[0], callbacks), @interface);
        listener.Listening(listener._port.Host, listener._port.Port);
        return listener;
    }

    /// <summary>
    /// Listens on every one of <paramref name="hosts"/> (the module's reactor first) from the calling
    /// thread, not a reactor's: each connection is built, and its callbacks run, on the reactor that gets it.
    /// </summary>
    /// <exception cref="CannotListenError">The port is in use or cannot be bound.</exception>
    /// <exception cref="ArgumentException">The interface is not an IP address.</exception>
    /// <exception cref="TimeoutException">A reactor did not answer within its busy timeout.</exception>
    internal static ReactorListener ListenOnWorkers(IReadOnlyList<ReactorHost> hosts, string? name, int port, string @interface,
        ProtocolCallbacks callbacks, string origin, WorkerAccept accept, CancellationToken token)
    {
        var listener = new ReactorListener(hosts, name, origin);
        var workers = listener._parts.Select(p => (p.Host.Reactor, listener.FactoryFor(p, callbacks))).ToArray();
        var ports = WorkerPorts.Listen(workers, port, @interface, accept, hosts[0].BusyTimeout, token);
        listener._workerPorts = ports;
        listener.Listening(ports.Host, ports.Port);
        return listener;
    }

    private void Listening(string @interface, int port)
    {
        Interface = @interface;
        Port = port;
        _listening = true;
        Host.Listeners.Add(this);
    }

    // Builds, on the part's reactor, a protocol per connection whose callbacks run in that reactor's runspace.
    private ServerFactory FactoryFor(Part part, ProtocolCallbacks callbacks)
    {
        var host = part.Host;
        return new ServerFactory(() =>
        {
            part.Tally.Opened();
            var protocol = new ScriptProtocol(host, callbacks, host.Events, this, (p, _) => Closed(part, p),
                made: (p, peer, local) => ReactorConnection.Accepted(host, this, p).Connected(p, peer, local))
            {
                Tally = part.Tally,
            };
            part.Live.Add(protocol);
            return protocol;
        });
    }

    private static void Closed(Part part, ScriptProtocol protocol)
    {
        if (part.Live.Remove(protocol)) part.Tally.Closed();
    }

    /// <summary>One reactor's share: its live protocols (touched on its thread only) and its tally.</summary>
    private sealed class Part(ReactorHost host)
    {
        public ReactorHost Host { get; } = host;

        public HashSet<ScriptProtocol> Live { get; } = new();

        public ConnectionTally Tally { get; } = new();
    }
}
