using System.Net;
using PoetryReactor.Core.Defer;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Poetry;

/// <summary>
/// The tutorial's twisted-client-2 (Part 5): a <see cref="Protocol"/> per connection, a
/// <see cref="ClientFactory"/> per server, <see cref="TcpExtensions.ConnectTcp"/>, and each poem's
/// result through a Deferred (all of them gathered in a DeferredList).
/// </summary>
/// <remarks>
/// With a <see cref="Reactor"/> given (one running on another thread, e.g. the module's), the work
/// is handed to it with <see cref="Reactor.CallFromThread"/> and poems are reported on its thread.
/// Without one, a private reactor runs on a dedicated thread and is stopped when every poem is done.
/// The read size is the transport's (<see cref="PoetryClientOptions.ReceiveBufferSize"/> is not used).
/// </remarks>
public sealed class ProtocolPoetryClient : IPoetryClient
{
    /// <summary>Creates a client on <paramref name="reactor"/>, or on a private reactor per fetch when null.</summary>
    public ProtocolPoetryClient(Reactor? reactor = null) => Reactor = reactor;

    /// <summary>The shared reactor, or null for a private one per fetch.</summary>
    public Reactor? Reactor { get; }

    /// <inheritdoc />
    public PoetryClientMode Mode => PoetryClientMode.Protocol;

    /// <inheritdoc />
    public Task<IReadOnlyList<Poem>> FetchAsync(
        IReadOnlyList<PoetryAddress> addresses, PoetryClientOptions? options = null,
        CancellationToken cancellationToken = default) =>
        PoetryFetch.Start(addresses, options, Mode, cancellationToken, fetch =>
            ReactorPoetryJob.Run(fetch, Reactor, "Poetry protocol client",
                (reactor, index) => new ProtocolPoemTask(reactor, fetch.NewBuilder(index), fetch.Options, fetch.ChunkReporter)));

    /// <summary>
    /// The tutorial's <c>get_poetry(host, port)</c>: fetches one poem on <paramref name="reactor"/>
    /// (call on its thread). The Deferred fires with the complete poem, or fails with the
    /// <see cref="PoetryException"/> that ended it (e.g. <see cref="PoetryErrorKind.ConnectionRefused"/>);
    /// cancelling it closes the connection.
    /// </summary>
    public static Deferred<Poem> GetPoetry(Reactor reactor, PoetryAddress address, PoetryClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        ArgumentNullException.ThrowIfNull(address);
        options ??= new PoetryClientOptions();
        var builder = new PoemBuilder(1, address, PoetryClientMode.Protocol, options.MaxBytes, options.Clock);
        var task = new ProtocolPoemTask(reactor, builder, options, options.ChunkReceived);
        task.Start();
        return task.Result.AddCallback(poem => poem.Complete ? poem : throw poem.Error!);
    }
}

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
