using System.Collections;
using PoetryReactor.Callbacks;
using PoetryReactor.Core;
using PoetryReactor.Hosting;

namespace PoetryReactor.Objects;

/// <summary>
/// A scriptblock registered by Register-ReactorCallback to run when the reactor is running or when it
/// shuts down; Unregister-ReactorCallback takes a Shutdown one back before it runs. Reads its state
/// without waiting for the reactor thread.
/// </summary>
public sealed class ReactorCallback
{
    private static int _lastId;
    private readonly ReactorHost _host;
    private readonly ScriptCallback _callback;
    private object? _trigger;
    private volatile ReactorCallbackState _state;
    private EventForwarder? _forwarder;

    private ReactorCallback(ReactorHost host, ScriptCallback callback, ReactorCallbackWhen when, string? name)
    {
        _host = host;
        _callback = callback;
        When = when;
        Name = name;
        Id = Interlocked.Increment(ref _lastId);
    }

    /// <summary>Numbers callbacks in the order they were registered.</summary>
    public int Id { get; }

    /// <summary>The name given with -Name; null when none was.</summary>
    public string? Name { get; }

    /// <summary>Running or Shutdown.</summary>
    public ReactorCallbackWhen When { get; }

    /// <summary>The reactor it belongs to.</summary>
    public int ReactorId => _host.Id;

    /// <summary>Where the scriptblock came from.</summary>
    public string Origin => _callback.Origin;

    /// <summary>Registered, Ran or Unregistered; one still registered when its reactor stopped without running it reads Unregistered.</summary>
    public ReactorCallbackState State =>
        _state == ReactorCallbackState.Registered && _host.IsStopped ? ReactorCallbackState.Unregistered : _state;

    /// <summary>Names the callback.</summary>
    public override string ToString() => $"ReactorCallback({Id}{(Name is null ? "" : $" '{Name}'")}, {When}, {State})";

    /// <summary>Registers <paramref name="callback"/> on the reactor thread; a Running one runs at once when the reactor already runs.</summary>
    internal static ReactorCallback Register(ReactorHost host, ScriptCallback callback, ReactorCallbackWhen when, string? name,
        EventForwarder? forwarder = null)
    {
        var registered = new ReactorCallback(host, callback, when, name) { _forwarder = forwarder };
        host.Registrations.Add(registered);
        if (when == ReactorCallbackWhen.Running) host.Reactor.CallWhenRunning(registered.Run);
        else registered._trigger = host.Reactor.AddSystemEventTrigger(SystemEventPhase.Before, "shutdown", registered.Run);
        return registered;
    }

    /// <summary>Takes the callback back if it has not run; reactor thread only. False when there was nothing to take back.</summary>
    internal bool Unregister()
    {
        if (_state != ReactorCallbackState.Registered) return false;
        if (_trigger is not null) _host.Reactor.RemoveSystemEventTrigger(_trigger);
        Finish(ReactorCallbackState.Unregistered);
        return true;
    }

    private void Run()
    {
        if (_state != ReactorCallbackState.Registered) return;
        Finish(ReactorCallbackState.Ran);
        var name = When == ReactorCallbackWhen.Running ? ReactorEventName.Running : ReactorEventName.Shutdown;
        var e = new ReactorEvent(name, _host.Reactor, new Hashtable(StringComparer.OrdinalIgnoreCase));
        _callback.Invoke(_host, e, _host.Events);
        _forwarder?.Raise(this, e);
    }

    private void Finish(ReactorCallbackState state)
    {
        _state = state;
        _host.Registrations.Remove(this);
    }
}
