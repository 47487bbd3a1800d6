using PoetryReactor.Core;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;

using PoetryReactor.Hosting;

namespace PoetryReactor.Poetry;

/// <summary>The client for each <see cref="PoetryClientMode"/>.</summary>
internal static class PoetryClients
{
    /// <summary>
    /// The client of <paramref name="mode"/>. The reactor modes run on the module's reactor,
    /// except when called on the reactor thread itself (inside a callback), where waiting for the
    /// module's reactor would block it: there they run a private reactor, as the tutorial's clients do.
    /// </summary>
    public static IPoetryClient Create(PoetryClientMode mode) => mode switch
    {
        PoetryClientMode.Blocking => new BlockingPoetryClient(),
        PoetryClientMode.Threaded => new ThreadedPoetryClient(),
        PoetryClientMode.Select => new SelectPoetryClient(),
        PoetryClientMode.Reader => new ReaderPoetryClient(SharedReactor()),
        PoetryClientMode.Protocol => new ProtocolPoetryClient(SharedReactor()),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown client mode."),
    };

    private static Core.Reactor? SharedReactor() =>
        ModuleReactor.OnReactorThread ? null : ModuleReactor.GetOrStart().Reactor;
}
