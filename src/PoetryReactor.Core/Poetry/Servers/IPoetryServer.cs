using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Poetry.Servers;

/// <summary>What every poetry server offers, so callers can treat the kinds alike.</summary>
public interface IPoetryServer
{
    /// <summary>Which kind of server this is.</summary>
    PoetryServerMode Mode { get; }

    /// <summary>The server's options (a copy of those given).</summary>
    PoetryServerOptions Options { get; }

    /// <summary>Counters and per-connection events.</summary>
    PoetryServerStats Stats { get; }

    /// <summary>The real listening port once started; 0 before.</summary>
    int Port { get; }

    /// <summary>The bound address as text once started (e.g. <c>127.0.0.1</c>); null before.</summary>
    string? Host { get; }

    /// <summary>The address clients connect to.</summary>
    /// <exception cref="InvalidOperationException">Not started.</exception>
    HostPort Address { get; }

    /// <summary>True between start and stop.</summary>
    bool IsRunning { get; }

    /// <summary>Stops listening and closes the connections being served. Any thread; safe to repeat.</summary>
    void Stop();
}
