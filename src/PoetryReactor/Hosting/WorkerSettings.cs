using PoetryReactor.Core.Net;

namespace PoetryReactor.Hosting;

/// <summary>How servers started with -Workers share out their connections, and how many workers 0 means.</summary>
internal static class WorkerSettings
{
    /// <summary>The variable that picks the share-out (ReusePort or RoundRobin), as POETRYREACTOR_BACKEND picks the backend.</summary>
    public const string AcceptVariable = "POETRYREACTOR_WORKER_ACCEPT";

    /// <summary>SO_REUSEPORT where it balances, round-robin elsewhere, unless <see cref="AcceptVariable"/> says otherwise.</summary>
    /// <exception cref="InvalidOperationException">The variable names no share-out, or ReusePort where it does not balance.</exception>
    public static WorkerAccept Accept
    {
        get
        {
            var asked = Environment.GetEnvironmentVariable(AcceptVariable);
            if (string.IsNullOrWhiteSpace(asked)) return WorkerPorts.DefaultAccept;
            if (!Enum.TryParse<WorkerAccept>(asked.Trim(), ignoreCase: true, out var accept) || !Enum.IsDefined(accept))
                throw new InvalidOperationException($"{AcceptVariable}='{asked}' names no way to share connections: use ReusePort or RoundRobin, or leave it unset.");
            if (accept == WorkerAccept.ReusePort && !TcpExtensions.ReusePortBalances)
                throw new InvalidOperationException($"{AcceptVariable}='{asked}': SO_REUSEPORT does not spread connections on this system; use RoundRobin.");
            return accept;
        }
    }

    /// <summary>The number of workers -Workers asks for: 0 is one per core.</summary>
    public static int Resolve(int workers) => workers == 0 ? Environment.ProcessorCount : workers;
}
