using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Poetry.Clients;

/// <summary>
/// The threaded client (Part 1, Figure 2): a dedicated thread per address, each with a
/// blocking socket, so the poems download at once and complete shortest first.
/// </summary>
public sealed class ThreadedPoetryClient : IPoetryClient
{
    /// <inheritdoc />
    public PoetryClientMode Mode => PoetryClientMode.Threaded;

    /// <inheritdoc />
    public Task<IReadOnlyList<Poem>> FetchAsync(
        IReadOnlyList<HostPort> addresses, PoetryClientOptions? options = null,
        CancellationToken cancellationToken = default) =>
        PoetryFetch.Start(addresses, options, Mode, cancellationToken, static fetch =>
            fetch.RunOnThreads(fetch.Addresses.Count, "Poetry client task", BlockingFetch.FetchAndReport));
}
