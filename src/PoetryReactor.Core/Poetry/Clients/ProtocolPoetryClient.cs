using System.Net;
using PoetryReactor.Core.Defer;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Poetry.Clients;

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
        IReadOnlyList<HostPort> addresses, PoetryClientOptions? options = null,
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
    public static Deferred<Poem> GetPoetry(Reactor reactor, HostPort address, PoetryClientOptions? options = null)
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
