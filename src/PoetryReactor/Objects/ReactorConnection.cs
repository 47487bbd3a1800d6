using System.Net;
using PoetryReactor.Callbacks;
using PoetryReactor.Core;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry.Servers;
using PoetryReactor.Hosting;

namespace PoetryReactor.Objects;

/// <summary>
/// A TCP connection of the module: one Connect-ReactorClient made, one a listener accepted, or one a poetry
/// server serves. Get-ReactorConnection lists them and Disconnect-ReactorConnection closes them. Its figures
/// read, without waiting, what the reactor thread (or a blocking server's thread) writes.
/// </summary>
public sealed class ReactorConnection
{
    private static int _lastId;
    private readonly ReactorHost? _host;
    private IConnector? _connector;
    private ScriptProtocol? _protocol;
    private readonly PoetryServerStats.Connection? _served;
    private volatile ReactorConnectionState _state;

    private ReactorConnection(ReactorHost? host, ReactorConnectionKind kind, string owner, string? name, string address,
        ReactorConnectionState state, PoetryServerStats.Connection? served = null)
    {
        _host = host;
        Kind = kind;
        Owner = owner;
        Name = name;
        Address = address;
        _state = state;
        _served = served;
        StartTime = served?.StartTime ?? DateTimeOffset.Now;
        Id = Interlocked.Increment(ref _lastId);
    }

    /// <summary>The reactor a client or listener connection lives on.</summary>
    internal ReactorHost Host => _host ?? throw new InvalidOperationException("A blocking server's connection has no reactor.");

    /// <summary>Numbers connections in the order the module first saw them.</summary>
    public int Id { get; }

    /// <summary>The name given with Connect-ReactorClient -Name; for accepted connections, their listener's or server's name.</summary>
    public string? Name { get; }

    /// <summary>The reactor it lives on (a worker's, for a server or listener with -Workers); 0 for a blocking server's connection.</summary>
    public int ReactorId => _host?.Id ?? 0;

    /// <summary>Client, Listener or PoetryServer.</summary>
    public ReactorConnectionKind Kind { get; }

    /// <summary>What made or accepted it: "client", "listener 3", "poetry server 2 (science)".</summary>
    public string Owner { get; }

    /// <summary>For a client, the address as given; for an accepted connection, the peer's.</summary>
    public string Address { get; private set; }

    /// <summary>Connecting, Connected, Closed or Failed; one still open when its reactor stopped reads Closed.</summary>
    public ReactorConnectionState State =>
        (_host is { IsStopped: true } || _served is { HasEnded: true }) && _state is ReactorConnectionState.Connecting or ReactorConnectionState.Connected
            ? ReactorConnectionState.Closed : _state;

    /// <summary>Why it closed or failed: ConnectionDoneException for a clean close.</summary>
    public Exception? Reason { get; private set; }

    /// <summary>The remote end, once connected.</summary>
    public string? Peer { get; private set; }

    /// <summary>This end, once connected.</summary>
    public string? Local { get; private set; }

    /// <summary>Bytes received so far.</summary>
    public long BytesReceived => _protocol?.BytesReceived ?? 0;

    /// <summary>Bytes sent so far (by the scriptblocks' transport, or the poetry server).</summary>
    public long BytesSent => _served?.BytesSent ?? _protocol?.ScriptTransport?.BytesSent ?? 0;

    /// <summary>When it was made or accepted.</summary>
    public DateTimeOffset StartTime { get; }

    /// <summary>How long it has been open.</summary>
    public TimeSpan Age => DateTimeOffset.Now - StartTime;

    /// <summary>
    /// Stops connecting, or closes the connection cleanly once what was written is sent; a poetry server's
    /// connection is cut with a reset instead, so its client knows the poem is not whole. Does nothing once closed.
    /// </summary>
    public void Disconnect() => Disconnect(CancellationToken.None);

    /// <summary>As <see cref="Disconnect()"/>, the wait for the reactor thread ended by <paramref name="token"/>.</summary>
    internal void Disconnect(CancellationToken token)
    {
        if (_host is null)
        {
            _served?.Close?.Invoke(); // a blocking server's connection: closed from here
            return;
        }
        if (_host.IsStopped) return;
        try
        {
            _host.Invoke(_ => DisconnectNow(), token);
        }
        catch (ReactorNotRunningException)
        {
            // The reactor stopped meanwhile: the connection closed with it.
        }
    }

    /// <summary>Stops connecting or closes; on the reactor thread.</summary>
    internal void DisconnectNow()
    {
        if (_connector is not null) _connector.Disconnect();
        else if (_protocol?.Transport is { } transport) transport.LoseConnection();
        else _served?.Close?.Invoke();
    }

    /// <summary>Names the connection.</summary>
    public override string ToString() => $"ReactorConnection({Id}, {Kind}, {Address}, {State})";

    /// <summary>
    /// Starts connecting on the reactor thread. The callbacks' records, and a ReactorConnectFailed error if
    /// the connect fails, go to <paramref name="sink"/>; <paramref name="done"/> runs once it has closed or failed.
    /// </summary>
    /// <exception cref="ArgumentException">The host is empty or the port out of range.</exception>
    internal static ReactorConnection Connect(ReactorHost host, string? name, string address, string hostName, int port, TimeSpan timeout,
        ProtocolCallbacks callbacks, OutputQueue sink, Action done)
    {
        var connection = new ReactorConnection(host, ReactorConnectionKind.Client, "client", name, address, ReactorConnectionState.Connecting);
        host.Connections.Add(connection);
        connection._connector = host.Reactor.ConnectTcp(hostName, port, new ClientConnectionFactory(connection, callbacks, sink, done), timeout);
        return connection;
    }

    /// <summary>A connection a listener accepted, speaking <paramref name="protocol"/>; listed until it closes.</summary>
    internal static ReactorConnection Accepted(ReactorHost host, ReactorListener listener, ScriptProtocol protocol)
    {
        var connection = new ReactorConnection(host, ReactorConnectionKind.Listener, $"listener {listener.Id}", listener.Name,
            "", ReactorConnectionState.Connected) { _protocol = protocol };
        host.Connections.Add(connection);
        return connection;
    }

    /// <summary>A poetry server's connection, seen from its tally; <paramref name="host"/> is null for a blocking server.</summary>
    internal static ReactorConnection Served(ReactorHost? host, PoetryServer server, PoetryServerStats.Connection served) =>
        new(host, ReactorConnectionKind.PoetryServer, $"poetry server {server.Id} ({server.Name})", server.Name, served.Peer,
            ReactorConnectionState.Connected, served) { Peer = served.Peer, Local = server.Address };

    /// <summary>The protocol is up (reactor thread): the ends are known, and it ends with the protocol.</summary>
    internal void Connected(ScriptProtocol protocol, EndPoint? peer, EndPoint? local)
    {
        _protocol = protocol;
        protocol.Connection = this;
        Peer = peer?.ToString();
        if (Kind != ReactorConnectionKind.Client) Address = Peer ?? Address;
        Local = local?.ToString();
        _state = ReactorConnectionState.Connected;
    }

    /// <summary>It closed, or never connected (reactor thread).</summary>
    internal void Ended(ReactorConnectionState state, Exception reason)
    {
        Reason = reason;
        _state = state;
        _host?.Connections.Remove(this);
    }
}
