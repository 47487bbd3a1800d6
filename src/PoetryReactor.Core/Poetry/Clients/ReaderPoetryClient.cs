using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Poetry.Clients;

/// <summary>
/// The tutorial's twisted-client-1 (Part 4): the reactor watches one read descriptor per server
/// (<see cref="Reactor.AddReader"/>), and each <c>DoRead</c> takes what the socket has without
/// blocking. Connects are non-blocking too (the TCP layer's connect logic).
/// </summary>
/// <remarks>
/// With a <see cref="Reactor"/> given (one running on another thread, e.g. the module's), the work
/// is handed to it with <see cref="Reactor.CallFromThread"/> and poems are reported on its thread.
/// Without one, a private reactor runs on a dedicated thread and is stopped when every poem is done.
/// </remarks>
public sealed class ReaderPoetryClient : IPoetryClient
{
    /// <summary>Creates a client on <paramref name="reactor"/>, or on a private reactor per fetch when null.</summary>
    public ReaderPoetryClient(Reactor? reactor = null) => Reactor = reactor;

    /// <summary>The shared reactor, or null for a private one per fetch.</summary>
    public Reactor? Reactor { get; }

    /// <inheritdoc />
    public PoetryClientMode Mode => PoetryClientMode.Reader;

    /// <inheritdoc />
    public Task<IReadOnlyList<Poem>> FetchAsync(
        IReadOnlyList<HostPort> addresses, PoetryClientOptions? options = null,
        CancellationToken cancellationToken = default) =>
        PoetryFetch.Start(addresses, options, Mode, cancellationToken, fetch =>
            ReactorPoetryJob.Run(fetch, Reactor, "Poetry reader client",
                (reactor, index) => new ReaderPoemTask(reactor, fetch, index)));
}
