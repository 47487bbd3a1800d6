namespace PoetryReactor.Core.Net;

/// <summary>How a port spread over several reactors (<see cref="WorkerPorts"/>) shares out its connections.</summary>
public enum WorkerAccept
{
    /// <summary>Each reactor listens on the port with SO_REUSEPORT and the kernel spreads connections over them (Linux).</summary>
    ReusePort,

    /// <summary>One reactor accepts and hands each connection to the next reactor in turn.</summary>
    RoundRobin,
}
