using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Net;

/// <summary>
/// An outgoing TCP connection (Twisted's <c>tcp.Connector</c>): connects, builds the protocol with
/// its <see cref="ClientFactory"/>, and tells the factory how the connect went and when the
/// connection ends. Made by <see cref="TcpExtensions.ConnectTcp"/>; reactor thread only.
/// </summary>
internal sealed class TcpConnector : IConnector, IConnectSink
{
    private readonly Reactor _reactor;
    private readonly string _host;
    private readonly int _port;
    private readonly TimeSpan _timeout;
    private TcpConnectAttempt? _attempt;
    private TcpConnection? _connection;
    private bool _factoryStarted;

    internal TcpConnector(Reactor reactor, string host, int port, ClientFactory factory, TimeSpan timeout)
    {
        _reactor = reactor;
        _host = host;
        _port = port;
        _timeout = timeout;
        Factory = factory;
    }

    /// <summary>The factory that builds the protocol and hears the outcome.</summary>
    public ClientFactory Factory { get; }

    /// <inheritdoc />
    public ConnectorState State { get; private set; }

    /// <inheritdoc />
    public ITransport? Transport => _connection;

    /// <summary>The connect timeout (<see cref="Timeout.InfiniteTimeSpan"/> for none).</summary>
    public TimeSpan Timeout => _timeout;

    /// <inheritdoc />
    public void Connect()
    {
        if (State != ConnectorState.Disconnected) throw new InvalidOperationException($"Cannot connect: the connector is {State}.");
        State = ConnectorState.Connecting;
        if (!_factoryStarted)
        {
            Factory.DoStart();
            _factoryStarted = true;
        }
        var attempt = _attempt = new TcpConnectAttempt(_reactor, _host, _port, _timeout, this);
        Factory.StartedConnecting(this);
        // StartedConnecting may have stopped or restarted the connect.
        if (ReferenceEquals(_attempt, attempt) && State == ConnectorState.Connecting) attempt.Start();
    }

    /// <inheritdoc />
    public void StopConnecting()
    {
        if (State != ConnectorState.Connecting || _attempt is null) throw new NotConnectingError();
        _attempt.Cancel(new UserError());
    }

    /// <inheritdoc />
    public void Disconnect()
    {
        if (State == ConnectorState.Connecting) StopConnecting();
        else if (State == ConnectorState.Connected) _connection?.LoseConnection();
    }

    /// <inheritdoc />
    public EndPoint GetDestination() => TcpConnectAttempt.DestinationOf(_host, _port);

    /// <inheritdoc />
    public override string ToString() => $"TcpConnector({_host}:{_port}, {State})";

    void IConnectSink.Connected(TcpSocket socket, IPEndPoint peer)
    {
        _attempt = null;
        Protocol? protocol;
        try
        {
            protocol = Factory.BuildProtocol(peer);
        }
        catch (Exception ex)
        {
            socket.Close();
            Failed(ex);
            return;
        }
        if (protocol is null)
        {
            socket.Close();
            Failed(new ConnectError($"{Factory.GetType().Name} built no protocol for {peer}."));
            return;
        }
        State = ConnectorState.Connected;
        var connection = _connection = new TcpConnection(_reactor, socket, peer, host: null) { OnLost = ConnectionLost };
        connection.Start(protocol);
    }

    void IConnectSink.ConnectFailed(Exception reason)
    {
        _attempt = null;
        Failed(reason);
    }

    private void Failed(Exception reason)
    {
        State = ConnectorState.Disconnected;
        try
        {
            Factory.ClientConnectionFailed(this, reason);
        }
        finally
        {
            StopFactoryUnlessReconnecting();
        }
    }

    private void ConnectionLost(Exception reason)
    {
        State = ConnectorState.Disconnected;
        _connection = null;
        try
        {
            Factory.ClientConnectionLost(this, reason);
        }
        finally
        {
            StopFactoryUnlessReconnecting();
        }
    }

    // A factory that called Connect again from its callback keeps its start count.
    private void StopFactoryUnlessReconnecting()
    {
        if (State != ConnectorState.Disconnected || !_factoryStarted) return;
        _factoryStarted = false;
        Factory.DoStop();
    }
}
