using PoetryReactor.Callbacks;
using PoetryReactor.Core.Poetry.Servers;

namespace PoetryReactor.Objects;

/// <summary>
/// One worker's share of a server started with -Workers (a poetry server or a listener): the reactor it
/// runs on and what it has served. Live: each read gives the current figures.
/// </summary>
public sealed class ServerWorker
{
    private readonly PoetryServerStats? _poetry;
    private readonly ConnectionTally? _tally;

    internal ServerWorker(int worker, int reactorId, PoetryServerStats stats)
    {
        Worker = worker;
        ReactorId = reactorId;
        _poetry = stats;
    }

    internal ServerWorker(int worker, int reactorId, ConnectionTally tally)
    {
        Worker = worker;
        ReactorId = reactorId;
        _tally = tally;
    }

    /// <summary>The worker's number in its server, from 1.</summary>
    public int Worker { get; }

    /// <summary>The reactor it runs on (Get-Reactor's Id for the first; worker reactors have their own); 0 for a blocking server's thread.</summary>
    public int ReactorId { get; }

    /// <summary>Connections this worker accepted.</summary>
    public long ConnectionsAccepted => _poetry?.ConnectionsAccepted ?? _tally!.Accepted;

    /// <summary>Connections open on this worker now.</summary>
    public long ActiveConnections => _poetry?.ActiveConnections ?? _tally!.Active;

    /// <summary>Bytes this worker's connections sent.</summary>
    public long BytesSent => _poetry?.BytesSent ?? _tally!.BytesSent;

    /// <summary>Bytes this worker's connections received (a poetry server reads nothing).</summary>
    public long BytesReceived => _tally?.BytesReceived ?? 0;

    /// <summary>Names the worker.</summary>
    public override string ToString() => $"ServerWorker({Worker}, reactor {ReactorId}, {ActiveConnections} open)";
}
