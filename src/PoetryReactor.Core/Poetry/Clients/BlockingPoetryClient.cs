using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Poetry.Clients;

/// <summary>
/// The tutorial's blocking client: one server after another, with blocking sockets, on one
/// dedicated worker thread. Poems complete in address order; the total time is the sum of all.
/// </summary>
public sealed class BlockingPoetryClient : IPoetryClient
{
    /// <inheritdoc />
    public PoetryClientMode Mode => PoetryClientMode.Blocking;

    /// <inheritdoc />
    public Task<IReadOnlyList<Poem>> FetchAsync(
        IReadOnlyList<HostPort> addresses, PoetryClientOptions? options = null,
        CancellationToken cancellationToken = default) =>
        PoetryFetch.Start(addresses, options, Mode, cancellationToken, static fetch =>
            fetch.RunOnThreads(1, "Poetry blocking client", static (fetch, _) =>
            {
                for (int i = 0; i < fetch.Addresses.Count; i++)
                {
                    fetch.Token.ThrowIfCancellationRequested();
                    BlockingFetch.FetchAndReport(fetch, i);
                }
            }));
}
