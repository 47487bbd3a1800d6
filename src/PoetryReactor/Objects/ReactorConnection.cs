using System.Management.Automation;
using System.Net;
using PoetryReactor.Callbacks;
using PoetryReactor.Core;
using PoetryReactor.Core.Net;

using PoetryReactor.Errors;
using PoetryReactor.Hosting;

namespace PoetryReactor.Objects;

/// <summary>
/// An outgoing TCP connection made by Connect-ReactorClient with a scriptblock protocol. Safe from any
/// thread: <see cref="Disconnect"/> is marshalled to the reactor thread.
/// </summary>
public sealed class ReactorConnection
{
    private static int _lastId;
    private readonly ReactorHost _host;
    private IConnector? _connector;
    private ScriptProtocol? _protocol;
    private volatile ReactorConnectionState _state = ReactorConnectionState.Connecting;

    private ReactorConnection(ReactorHost host, string? name, string address)
    {
        _host = host;
        Name = name;
        Address = address;
        Id = Interlocked.Increment(ref _lastId);
    }

    /// <summary>Numbers connections in the order they were made.</summary>
    public int Id { get; }

    /// <summary>The name given with -Name, to find the connection again; null when none was.</summary>
    public string? Name { get; }

    /// <summary>The address as given.</summary>
    public string Address { get; }

    /// <summary>Connecting, Connected, Closed or Failed; one still connecting or connected when its reactor stopped reads Closed.</summary>
    public ReactorConnectionState State =>
        _host.IsStopped && _state is ReactorConnectionState.Connecting or ReactorConnectionState.Connected ? ReactorConnectionState.Closed : _state;

    /// <summary>Why it closed or failed: ConnectionDoneException for a clean close.</summary>
    public Exception? Reason { get; private set; }

    /// <summary>The remote endpoint once connected.</summary>
    public EndPoint? Peer { get; private set; }

    /// <summary>Bytes received so far (updated on the reactor thread).</summary>
    public long BytesReceived => _protocol?.BytesReceived ?? 0;

    /// <summary>Stops connecting, or closes the connection cleanly; does nothing once closed.</summary>
    public void Disconnect() => Disconnect(CancellationToken.None);

    /// <summary>As <see cref="Disconnect()"/>, the wait for the reactor thread ended by <paramref name="token"/>.</summary>
    internal void Disconnect(CancellationToken token)
    {
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

    /// <summary>Stops connecting or closes; reactor thread only.</summary>
    internal void DisconnectNow() => _connector?.Disconnect();

    /// <summary>Names the connection.</summary>
    public override string ToString() => $"ReactorConnection({Id}, {Address}, {State})";

    /// <summary>
    /// Starts connecting on the reactor thread. The callbacks' records, and a ReactorConnectFailed error if
    /// the connect fails, go to <paramref name="sink"/>; <paramref name="done"/> runs once it has closed or failed.
    /// </summary>
    /// <exception cref="ArgumentException">The host is empty or the port out of range.</exception>
    internal static ReactorConnection Connect(ReactorHost host, string? name, string address, string hostName, int port, TimeSpan timeout,
        ProtocolCallbacks callbacks, OutputQueue sink, Action done)
    {
        var connection = new ReactorConnection(host, name, address);
        host.Clients.Add(connection);
        var factory = new Factory(connection, callbacks, sink, done);
        connection._connector = host.Reactor.ConnectTcp(hostName, port, factory, timeout);
        return connection;
    }

    private sealed class Factory : ClientFactory
    {
        private readonly ReactorConnection _owner;
        private readonly ProtocolCallbacks _callbacks;
        private readonly OutputQueue _sink;
        private readonly Action _done;

        public Factory(ReactorConnection owner, ProtocolCallbacks callbacks, OutputQueue sink, Action done)
        {
            _owner = owner;
            _callbacks = callbacks;
            _sink = sink;
            _done = done;
        }

        public override Protocol? BuildProtocol(EndPoint address)
        {
            _owner.Peer = address;
            _owner._state = ReactorConnectionState.Connected;
            var protocol = _owner._protocol = new ScriptProtocol(_owner._host, _callbacks, _sink);
            protocol.Factory = this;
            return protocol;
        }

        public override void ClientConnectionFailed(IConnector connector, Exception reason)
        {
            _owner.Reason = reason;
            _owner._state = ReactorConnectionState.Failed;
            var category = reason switch
            {
                TimeoutError => ErrorCategory.OperationTimeout,
                DnsLookupError => ErrorCategory.ObjectNotFound,
                UserError => ErrorCategory.OperationStopped,
                _ => ErrorCategory.ConnectionError,
            };
            _sink.Post(OutputItem.Error(ErrorRecords.Create(ErrorCatalog.ReactorConnectFailed, category, reason, _owner.Address,
                $"Cannot connect to {_owner.Address}: {reason.Message}")));
            _owner._host.Clients.Remove(_owner);
            _done();
        }

        public override void ClientConnectionLost(IConnector connector, Exception reason)
        {
            _owner.Reason = reason;
            _owner._state = ReactorConnectionState.Closed;
            _sink.Post(reason is ConnectionDoneException
                ? OutputItem.Verbose($"Connection to {SafeText.Escape(_owner.Address)} closed cleanly.")
                : OutputItem.Warning($"Connection to {SafeText.Escape(_owner.Address)} was lost: {SafeText.Escape(reason.Message)}"));
            _owner._host.Clients.Remove(_owner);
            _done();
        }
    }
}
