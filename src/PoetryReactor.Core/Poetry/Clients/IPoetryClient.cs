using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Poetry.Clients;

/// <summary>A way of fetching poems from poetry servers: one implementation per client model.</summary>
public interface IPoetryClient
{
    /// <summary>The client model this implementation follows.</summary>
    PoetryClientMode Mode { get; }

    /// <summary>
    /// Fetches a poem from every address. Task numbers follow the order of
    /// <paramref name="addresses"/>. A failing address yields an incomplete <see cref="Poem"/>
    /// with <see cref="Poem.Error"/> set and the others carry on.
    /// </summary>
    /// <returns>One poem per address, in completion order; each was also passed to
    /// <see cref="PoetryClientOptions.PoemCompleted"/> as it completed.</returns>
    /// <exception cref="OperationCanceledException">
    /// <paramref name="cancellationToken"/> was cancelled before every task had ended. Every
    /// socket the fetch opened is closed before the task ends; poems already completed were
    /// reported through <see cref="PoetryClientOptions.PoemCompleted"/>.
    /// </exception>
    Task<IReadOnlyList<Poem>> FetchAsync(
        IReadOnlyList<HostPort> addresses, PoetryClientOptions? options = null,
        CancellationToken cancellationToken = default);
}
