using System.Collections.Concurrent;

using PoetryReactor.Objects;

namespace PoetryReactor.Poetry;

/// <summary>The module's running poetry servers, by id. Thread-safe.</summary>
internal static class PoetryServerRegistry
{
    private static readonly ConcurrentDictionary<int, PoetryServer> Servers = new();
    private static int _lastId;

    /// <summary>The id for the next server.</summary>
    public static int NextId() => Interlocked.Increment(ref _lastId);

    public static void Add(PoetryServer server) => Servers[server.Id] = server;

    public static void Remove(PoetryServer server) =>
        Servers.TryRemove(new KeyValuePair<int, PoetryServer>(server.Id, server));

    /// <summary>
    /// The running servers, by id. Servers that stopped without Stop-PoetryServer (their reactor
    /// stopped) are dropped here.
    /// </summary>
    public static IReadOnlyList<PoetryServer> List()
    {
        foreach (var gone in Servers.Values.Where(s => s.State == PoetryServerState.Stopped)) Remove(gone);
        return Servers.Values.OrderBy(s => s.Id).ToArray();
    }

    /// <summary>Stops every server (module removal, process exit); a failure does not stop the others.</summary>
    public static void StopAll()
    {
        foreach (var server in List())
        {
            try { server.Stop(CancellationToken.None); }
            catch (Exception e) { System.Diagnostics.Trace.TraceError($"Stopping poetry server {server.Id} failed: {e}"); }
        }
    }
}
