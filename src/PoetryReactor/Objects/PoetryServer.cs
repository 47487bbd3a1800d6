using System.Net;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Core.Poetry.Servers;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core;
using PoetryReactor.Hosting;
using PoetryReactor.Poetry;

namespace PoetryReactor.Objects;

/// <summary>
/// A poetry server started by Start-PoetryServer and kept in the module's registry until it is
/// stopped. Counters and <see cref="State"/> are live: each read asks the running server.
/// <see cref="ToString"/> is the <see cref="Address"/>, so the object can stand for it.
/// </summary>
public sealed class PoetryServer
{
    private readonly IPoetryServer _server;
    private readonly IReadOnlyList<ReactorHost> _hosts;
    private readonly ServerLog _log = new();
    private int _stopped;

    /// <param name="hosts">The reactors it runs on, in worker order (one per part of a <see cref="ReactorPoetryServerGroup"/>); none for a blocking server.</param>
    internal PoetryServer(int id, string name, string poemPath, IPoetryServer server, IReadOnlyList<ReactorHost> hosts)
    {
        _hosts = hosts;
        var options = server.Options;
        Id = id;
        Name = name;
        Poem = poemPath;
        Bytes = options.PoemBytes.Length;
        ChunkSize = options.ChunkSize;
        Delay = options.Delay.TotalSeconds;
        MaxConnections = options.MaxConnections;
        _server = server;
        Port = server.Port;
        Interface = server.Host!;
        Address = HostPort.FromEndPoint(ConnectableEndPoint(new IPEndPoint(IPAddress.Parse(Interface), Port))).ToString();
        StartTime = DateTime.Now;
        _log.Add($"Serving {poemPath} on port {Port}.");
        _log.Follow(server.Stats);
    }

    /// <summary>The server's number in this session, from 1.</summary>
    public int Id { get; }

    /// <summary>The server's name: the poem's name.</summary>
    public string Name { get; }

    /// <summary>Where clients connect, <c>host:port</c> (the loopback when listening on all interfaces), ready for Get-Poetry.</summary>
    public string Address { get; }

    /// <summary>The listening port (the real one when a free port was asked for).</summary>
    public int Port { get; }

    /// <summary>The address the server is bound to.</summary>
    public string Interface { get; }

    /// <summary>The full path of the poem file served.</summary>
    public string Poem { get; }

    /// <summary>The poem's size in bytes.</summary>
    public long Bytes { get; }

    /// <summary>Bytes written per chunk.</summary>
    public int ChunkSize { get; }

    /// <summary>Seconds between chunks; 0 sends the whole poem at once.</summary>
    public double Delay { get; }

    /// <summary>Reactor (any number of clients at once) or Blocking (one at a time, on its own thread).</summary>
    public PoetryServerMode Mode => _server.Mode;

    /// <summary>The most clients served at once (over all workers); 0 for no limit.</summary>
    public int MaxConnections { get; }

    /// <summary>How many reactors serve it, each on its own thread (-Workers); 1 for a blocking server.</summary>
    public int WorkerCount => Math.Max(1, _hosts.Count);

    /// <summary>How connections are shared out over the workers (ReusePort or RoundRobin); null with one worker.</summary>
    public WorkerAccept? WorkerAccept => (_server as ReactorPoetryServerGroup)?.Accept;

    /// <summary>Each worker's share: its reactor and the connections and bytes it served. The totals are this object's own counters.</summary>
    public ServerWorker[] Workers => _server switch
    {
        ReactorPoetryServerGroup group => group.Workers.Select((w, i) => new ServerWorker(i + 1, _hosts[i].Id, w.Stats)).ToArray(),
        _ => [new ServerWorker(1, _hosts.Count > 0 ? _hosts[0].Id : 0, _server.Stats)],
    };

    /// <summary>Listening or Stopped.</summary>
    public PoetryServerState State => _server.IsRunning && Volatile.Read(ref _stopped) == 0
        ? PoetryServerState.Listening : PoetryServerState.Stopped;

    /// <summary>Connections that received the whole poem.</summary>
    public long ConnectionsServed => _server.Stats.ConnectionsServed;

    /// <summary>Clients closed at once because <see cref="MaxConnections"/> were being served.</summary>
    public long ConnectionsRefused => _server.Stats.ConnectionsRefused;

    /// <summary>Connections that ended before the whole poem was sent.</summary>
    public long ConnectionsAborted => _server.Stats.ConnectionsAborted;

    /// <summary>Connections open now.</summary>
    public long ActiveConnections => _server.Stats.ActiveConnections;

    /// <summary>Poem bytes sent over all connections.</summary>
    public long BytesSent => _server.Stats.BytesSent;

    /// <summary>When the server started listening.</summary>
    public DateTime StartTime { get; }

    /// <summary>The last connection events in the tutorial's words (at most 500 lines, oldest first).</summary>
    public string[] Log => _log.Snapshot();

    // One ReactorConnection per served connection, for as long as the tally lives: Get-ReactorConnection ids stay put.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<PoetryServerStats.Connection, ReactorConnection> _seen = new();

    /// <summary>The connections this server serves now.</summary>
    internal IEnumerable<ReactorConnection> OpenConnections()
    {
        var parts = _server is ReactorPoetryServerGroup group
            ? group.Workers.Select((w, i) => (Stats: w.Stats, Host: (ReactorHost?)_hosts[i]))
            : [(_server.Stats, _hosts.Count > 0 ? _hosts[0] : null)];
        foreach (var (stats, host) in parts)
        {
            if (host is { IsStopped: true }) continue; // its reactor has stopped, and its connections with it
            foreach (var served in stats.OpenConnections())
                yield return _seen.GetValue(served, s => ReactorConnection.Served(host, this, s));
        }
    }

    /// <summary>The <see cref="Address"/>.</summary>
    public override string ToString() => Address;

    /// <summary>Stops listening and closes live connections; the port is free when this returns. Idempotent.</summary>
    /// <remarks>
    /// A reactor server's stop is handed to its reactor thread and waited for with <paramref name="token"/>
    /// (Ctrl+C) and the reactor's busy timeout; if the wait ends first the stop still happens once the
    /// thread is free, and the server is no longer listed.
    /// </remarks>
    /// <exception cref="ReactorBusyException">The reactor thread did not take up the stop in time.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="token"/> was cancelled.</exception>
    internal void Stop(CancellationToken token)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        try
        {
            if (_server is ReactorPoetryServer onReactor && _hosts is [{ IsStopped: false } host])
                host.Invoke(_ => onReactor.Stop(), token);
            else
            {
                // Each worker's reactor must answer as the one reactor would: busy past its timeout, or Ctrl+C.
                foreach (var worker in _hosts.Where(h => !h.IsStopped)) worker.Invoke(_ => { }, token);
                _server.Stop();
            }
            _log.Add("Stopped.");
        }
        finally
        {
            PoetryServerRegistry.Remove(this);
        }
    }

    // A server on 0.0.0.0 or :: is reached through the loopback of the same family.
    private static IPEndPoint ConnectableEndPoint(IPEndPoint bound) =>
        bound.Address.Equals(IPAddress.Any) ? new IPEndPoint(IPAddress.Loopback, bound.Port)
        : bound.Address.Equals(IPAddress.IPv6Any) ? new IPEndPoint(IPAddress.IPv6Loopback, bound.Port)
        : bound;
}
