using PoetryReactor.Core;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Servers;
using PoetryReactor.Hosting;

namespace PoetryReactor.Poetry;

/// <summary>Starts a server of either kind and returns once it listens.</summary>
internal static class ServerStarter
{
    /// <summary>
    /// A blocking server on its own thread; a reactor server on the module's reactor (started on the
    /// reactor thread; directly when called there, inside a callback); or, with more than one worker, a
    /// server spread over the module's reactor and its worker reactors. Returns the server and the
    /// reactors it runs on, in worker order.
    /// </summary>
    /// <exception cref="PoetryException">The server cannot listen (port in use, address not local...).</exception>
    public static (IPoetryServer Server, IReadOnlyList<ReactorHost> Hosts) Start(PoetryServerOptions options, bool blocking, int workers, CancellationToken token)
    {
        if (blocking)
        {
            var server = new BlockingPoetryServer(options);
            server.Start();
            return (server, []);
        }
        if (workers > 1)
        {
            var hosts = ModuleReactor.GetWorkers(workers);
            var group = new ReactorPoetryServerGroup(hosts.Select(h => h.Reactor).ToArray(), options, WorkerSettings.Accept);
            group.Start(hosts[0].BusyTimeout, token);
            return (group, hosts);
        }
        var host = ModuleReactor.GetOrStart();
        var reactorServer = new ReactorPoetryServer(host.Reactor, options);
        host.Invoke(_ => reactorServer.Start(), token);
        return (reactorServer, [host]);
    }
}
