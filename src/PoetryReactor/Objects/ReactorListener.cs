using PoetryReactor.Callbacks;
using PoetryReactor.Core;
using PoetryReactor.Core.Net;

using PoetryReactor.Hosting;

namespace PoetryReactor.Objects;

/// <summary>
/// A TCP port listening on the module's reactor with a scriptblock protocol (Start-ReactorListener).
/// Safe from any thread: <see cref="Stop"/> is marshalled to the reactor thread, the counters only
/// read there-written values.
/// </summary>
public sealed class ReactorListener
{
    private static int _lastId;
    private readonly ReactorHost _host;
    private readonly HashSet<ScriptProtocol> _live = new();
    private IListeningPort? _port;
    private volatile bool _listening;
    private int _connections;
    private long _accepted;

    private ReactorListener(ReactorHost host, string? name, string origin)
    {
        _host = host;
        Name = name;
        Origin = origin;
        Id = Interlocked.Increment(ref _lastId);
    }

    /// <summary>Numbers listeners in the order they were started.</summary>
    public int Id { get; }

    /// <summary>The name given with -Name, to find the listener again; null when none was.</summary>
    public string? Name { get; }

    /// <summary>The reactor it runs on (<see cref="ReactorHost.Id"/>).</summary>
    public int ReactorId => _host.Id;

    /// <summary>The bound address.</summary>
    public string Interface { get; private set; } = "";

    /// <summary>The bound port: the real one when port 0 was asked for.</summary>
    public int Port { get; private set; }

    /// <summary><c>host:port</c>, as Connect-ReactorClient takes it.</summary>
    public string Address => Interface.Contains(':') ? $"[{Interface}]:{Port}" : $"{Interface}:{Port}";

    /// <summary>True until stopped (or its reactor stopped).</summary>
    public bool IsListening => _listening && !_host.IsStopped;

    /// <summary>Connections open now.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Connections accepted so far.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Where its callbacks came from.</summary>
    public string Origin { get; }

    /// <summary>
    /// Stops listening (the port is free when this returns); open connections stay open unless
    /// <paramref name="closeConnections"/>, which closes them cleanly. Stopping twice does nothing, nor
    /// does stopping one whose reactor has stopped (the port closed with it).
    /// </summary>
    public void Stop(bool closeConnections = false) => Stop(closeConnections, CancellationToken.None);

    /// <summary>As <see cref="Stop(bool)"/>, the wait for the reactor thread ended by <paramref name="token"/>.</summary>
    internal void Stop(bool closeConnections, CancellationToken token)
    {
        if (_host.IsStopped) return;
        try
        {
            _host.Invoke(_ =>
            {
                if (_listening)
                {
                    _listening = false;
                    _port!.StopListening();
                    _host.Listeners.Remove(this);
                }
                if (closeConnections)
                    foreach (var p in _live.ToList()) p.Transport?.LoseConnection();
            }, token);
        }
        catch (ReactorNotRunningException)
        {
            // Its reactor stopped meanwhile, and closed the port.
        }
    }

    /// <summary>Names the listener.</summary>
    public override string ToString() => $"ReactorListener({Id}, {Address}, {(IsListening ? "listening" : "stopped")})";

    /// <summary>Listens on the reactor thread; records of the callbacks go to the host's event queue.</summary>
    /// <exception cref="CannotListenError">The port is in use or cannot be bound.</exception>
    /// <exception cref="ArgumentException">The interface is not an IP address.</exception>
    internal static ReactorListener Listen(ReactorHost host, string? name, int port, string @interface, ProtocolCallbacks callbacks, string origin)
    {
        var listener = new ReactorListener(host, name, origin);
        var factory = new ServerFactory(() =>
        {
            Interlocked.Increment(ref listener._accepted);
            Interlocked.Increment(ref listener._connections);
            var protocol = new ScriptProtocol(host, callbacks, host.Events, listener, listener.OnClosed,
                made: (p, peer, local) => ReactorConnection.Accepted(host, listener, p).Connected(p, peer, local));
            listener._live.Add(protocol);
            return protocol;
        });
        listener._port = host.Reactor.ListenTcp(port, factory, @interface);
        listener.Interface = listener._port.Host;
        listener.Port = listener._port.Port;
        listener._listening = true;
        host.Listeners.Add(listener);
        return listener;
    }

    private void OnClosed(ScriptProtocol protocol, Exception reason)
    {
        if (_live.Remove(protocol)) Interlocked.Decrement(ref _connections);
    }
}
