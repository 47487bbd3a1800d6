using PoetryReactor.Core.Poetry;

namespace PoetryReactor.Poetry;

/// <summary>Starts a server of either kind and returns when it listens.</summary>
internal static class ServerStarter
{
    /// <exception cref="PoetryException">The server cannot listen (port in use, address not local...).</exception>
    public static IServerHandle Start(PoetryServerOptions options, bool blocking, int maxConnections, CancellationToken token)
    {
        if (blocking) return new BlockingServerHandle(options);
        throw new NotSupportedException("The reactor poetry server is not available in this build; use -Blocking.");
    }
}
