using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Poetry.Clients;

/// <summary>
/// The tutorial's async-client: non-blocking sockets (non-blocking connects too) driven by a
/// raw <see cref="Socket.Select(System.Collections.IList, System.Collections.IList, System.Collections.IList, int)"/>
/// loop on one dedicated thread, without a reactor. Poems complete shortest first.
/// </summary>
public sealed class SelectPoetryClient : IPoetryClient
{
    /// <inheritdoc />
    public PoetryClientMode Mode => PoetryClientMode.Select;

    /// <inheritdoc />
    public Task<IReadOnlyList<Poem>> FetchAsync(
        IReadOnlyList<HostPort> addresses, PoetryClientOptions? options = null,
        CancellationToken cancellationToken = default) =>
        PoetryFetch.Start(addresses, options, Mode, cancellationToken, static fetch =>
            fetch.RunOnThreads(1, "Poetry select client", static (fetch, _) => new SelectLoop(fetch).Run()));
}
