using System.Net;
using PoetryReactor.Core.Defer;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Poetry.Clients;

/// <summary>One server's poem: the task is its own client factory, and builds the poetry protocol.</summary>
internal sealed class ProtocolPoemTask : ReactorPoemTask
{
    private readonly Factory _factory;
    private IConnector? _connector;
    private bool _tooLarge;

    public ProtocolPoemTask(Reactor reactor, PoemBuilder builder, PoetryClientOptions options, Action<ChunkEvent>? chunkReceived)
        : base(reactor, builder, options, chunkReceived) => _factory = new Factory(this);

    public override void Start() =>
        _connector = Reactor.ConnectTcp(Builder.Address.Host, Builder.Address.Port, (ClientFactory)_factory, Timeout);

    protected override void Close()
    {
        switch (_connector?.State)
        {
            case ConnectorState.Connecting: _connector.StopConnecting(); break;
            case ConnectorState.Connected: _connector.Transport!.AbortConnection(); break;
        }
    }

    /// <summary>Twisted's PoetryClientFactory: one protocol, and the outcome of the connect.</summary>
    private sealed class Factory(ProtocolPoemTask task) : ClientFactory
    {
        public override Protocol? BuildProtocol(EndPoint address) => new PoetryProtocol(task) { Factory = this };

        public override void ClientConnectionFailed(IConnector connector, Exception reason) => task.Finish(reason);

        public override void ClientConnectionLost(IConnector connector, Exception reason) =>
            task.Finish(task._tooLarge ? task.Builder.TooLargeError() : reason);
    }

    /// <summary>Twisted's PoetryProtocol: collects the bytes until the server closes.</summary>
    private sealed class PoetryProtocol(ProtocolPoemTask task) : Protocol
    {
        public override void ConnectionMade() => task.WatchIdle();

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            if (task._tooLarge || task.Append(data)) return;
            task._tooLarge = true;
            Transport!.AbortConnection();
        }
    }
}
