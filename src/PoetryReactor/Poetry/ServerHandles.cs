using System.Net;
using PoetryReactor.Core.Poetry;

namespace PoetryReactor.Poetry;

/// <summary>What the cmdlets need of a running poetry server, whatever its kind.</summary>
internal interface IServerHandle
{
    /// <summary>"Reactor" or "Blocking".</summary>
    string Mode { get; }
    IPEndPoint EndPoint { get; }
    PoetryServerStats Stats { get; }
    bool IsRunning { get; }

    /// <summary>Stops listening and closes live connections; callable from any thread.</summary>
    void Stop();
}

/// <summary>The Part 2 blocking server, on its own thread.</summary>
internal sealed class BlockingServerHandle : IServerHandle
{
    private readonly BlockingPoetryServer _server;

    /// <summary>Starts the server; throws <see cref="PoetryException"/> when it cannot listen.</summary>
    public BlockingServerHandle(PoetryServerOptions options)
    {
        _server = new BlockingPoetryServer(options);
        _server.Start();
    }

    public string Mode => "Blocking";
    public IPEndPoint EndPoint => _server.EndPoint!;
    public PoetryServerStats Stats => _server.Stats;
    public bool IsRunning => _server.IsRunning;
    public void Stop() => _server.Stop();
}
