using PoetryReactor.Core;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Servers;

using PoetryReactor.Hosting;

namespace PoetryReactor.Poetry;

/// <summary>Starts a server of either kind and returns once it listens.</summary>
internal static class ServerStarter
{
    /// <summary>
    /// A blocking server on its own thread, or a reactor server on the module's reactor (started
    /// on the reactor thread; directly when called there, inside a callback).
    /// </summary>
    /// <exception cref="PoetryException">The server cannot listen (port in use, address not local...).</exception>
    public static IPoetryServer Start(PoetryServerOptions options, bool blocking, CancellationToken token)
    {
        if (blocking)
        {
            var server = new BlockingPoetryServer(options);
            server.Start();
            return server;
        }
        var host = ModuleReactor.GetOrStart();
        var reactorServer = new ReactorPoetryServer(host.Reactor, options);
        host.Invoke(_ => reactorServer.Start(), token);
        return reactorServer;
    }
}
