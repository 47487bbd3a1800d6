using System.Collections;
using PoetryReactor.Callbacks;
using PoetryReactor.Core;
using PoetryReactor.Core.Defer;

using PoetryReactor.Hosting;

namespace PoetryReactor.Objects;

/// <summary>
/// A scriptblock scheduled by Invoke-ReactorLater: one delayed call (Twisted's IDelayedCall) or a looping
/// call (Twisted's LoopingCall). Safe from any thread: the methods run on the reactor thread (directly when
/// already there) and the properties read, without waiting, state that only the reactor thread writes.
/// </summary>
public sealed class ReactorCall
{
    private static int _lastId;
    private readonly ReactorHost _host;
    private readonly ScriptCallback _callback;
    private readonly OutputQueue _sink;
    private readonly bool _ownsSink;
    private readonly Hashtable _state = new(StringComparer.OrdinalIgnoreCase);
    private DelayedCall? _call;
    private LoopingCall? _loop;
    private volatile ReactorCallState _status;
    private long _count;
    private long _failures;
    private EventForwarder? _forwarder;

    private ReactorCall(ReactorHost host, ScriptCallback callback, ReactorCallSpec spec, OutputQueue sink, bool ownsSink)
    {
        _host = host;
        Name = spec.Name;
        ContinueOnError = spec.ContinueOnError;
        _callback = callback;
        _sink = sink;
        _ownsSink = ownsSink;
        Id = Interlocked.Increment(ref _lastId);
        Interval = spec.Delay;
        Repeat = spec.Repeat;
        MaxCount = spec.MaxCount;
    }

    /// <summary>Numbers calls in the order they were made.</summary>
    public int Id { get; }

    /// <summary>The name given with -Name, to find the call again (Get-ReactorCall -Name); null when none was.</summary>
    public string? Name { get; }

    /// <summary>The reactor the call belongs to (<see cref="ReactorHost.Id"/>).</summary>
    public int ReactorId => _host.Id;

    /// <summary>Where the scriptblock came from.</summary>
    public string Origin => _callback.Origin;

    /// <summary>The delay in seconds; for a looping call, the interval between runs.</summary>
    public double Interval { get; }

    /// <summary>True for a looping call.</summary>
    public bool Repeat { get; }

    /// <summary>A looping call stops after this many runs; null means until cancelled.</summary>
    public long? MaxCount { get; }

    /// <summary>True when a failed run of a looping call does not stop it (-ContinueOnError); by default, as Twisted's LoopingCall, it does.</summary>
    public bool ContinueOnError { get; }

    /// <summary>Runs that ended with a terminating error (each reported as ReactorCallbackFailed).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Runs so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Pending, Called or Cancelled; a call still pending when its reactor stopped was dropped and reads Cancelled.</summary>
    public ReactorCallState State =>
        _status == ReactorCallState.Pending && _host.IsStopped ? ReactorCallState.Cancelled : _status;

    /// <summary>True while the call is neither called nor cancelled (Twisted's <c>active()</c>).</summary>
    public bool IsActive => State == ReactorCallState.Pending;

    /// <summary>True once it has run (a looping call: finished).</summary>
    public bool IsCalled => State == ReactorCallState.Called;

    /// <summary>True once cancelled or dropped.</summary>
    public bool IsCancelled => State == ReactorCallState.Cancelled;

    /// <summary>
    /// When the next run is due, in seconds of the reactor's clock (Twisted's <c>getTime()</c>); null when
    /// none is scheduled. Read without waiting for the reactor thread: a value it wrote a moment ago.
    /// </summary>
    public double? Time => IsActive ? NextCall?.Time : null;

    /// <summary>Seconds until the next run is due (negative when overdue); null when none is scheduled.</summary>
    public double? DueIn => Time is { } t ? t - _host.Reactor.Seconds() : null;

    private DelayedCall? NextCall => _loop is not null ? _loop.Call : _call is { IsActive: true } c ? c : null;

    /// <summary>Unschedules the call; a looping call stops repeating.</summary>
    /// <exception cref="AlreadyCalledException">It has run (or is running: from inside itself).</exception>
    /// <exception cref="AlreadyCancelledException">It was cancelled, or dropped when its reactor stopped.</exception>
    public void Cancel() => Cancel(CancellationToken.None);

    /// <summary>As <see cref="Cancel()"/>, the wait for the reactor thread ended by <paramref name="token"/>.</summary>
    internal void Cancel(CancellationToken token) => OnReactor(token, _ =>
    {
        EnsureActive();
        if (_loop is not null) _loop.Stop();
        else _call!.Cancel();
        Finish(ReactorCallState.Cancelled);
        return true;
    });

    /// <summary>Reschedules the next run to <paramref name="secondsFromNow"/> seconds from now.</summary>
    /// <exception cref="AlreadyCalledException">It has run.</exception>
    /// <exception cref="AlreadyCancelledException">It was cancelled or dropped.</exception>
    /// <exception cref="InvalidOperationException">A looping call, from inside its own run.</exception>
    public void Reset(double secondsFromNow) => OnReactor(CancellationToken.None, _ =>
    {
        EnsureActive();
        (NextCall ?? throw new InvalidOperationException("The call is running: there is no next run to move yet.")).Reset(secondsFromNow);
        return true;
    });

    /// <summary>Moves the next run <paramref name="secondsLater"/> seconds later than it is now due.</summary>
    /// <exception cref="AlreadyCalledException">It has run.</exception>
    /// <exception cref="AlreadyCancelledException">It was cancelled or dropped.</exception>
    public void Delay(double secondsLater) => OnReactor(CancellationToken.None, _ =>
    {
        EnsureActive();
        (NextCall ?? throw new InvalidOperationException("The call is running: there is no next run to move yet.")).Delay(secondsLater);
        return true;
    });

    /// <summary>Cancels the call if it is still active; reactor thread only (a waiter that was stopped).</summary>
    internal void CancelIfActive()
    {
        if (IsActive) Cancel(CancellationToken.None);
    }

    /// <summary>Describes the call.</summary>
    public override string ToString() => $"ReactorCall({Id}{(Name is null ? "" : $" '{Name}'")}, {State}, {Origin})";

    /// <summary>
    /// Schedules <paramref name="callback"/> on the reactor thread. Its records go to <paramref name="sink"/>;
    /// when <paramref name="ownsSink"/>, the sink is completed once the call is done (for a waiting cmdlet).
    /// </summary>
    internal static ReactorCall Schedule(ReactorHost host, ScriptCallback callback, ReactorCallSpec spec, OutputQueue sink, bool ownsSink,
        EventForwarder? forwarder = null)
    {
        var call = new ReactorCall(host, callback, spec, sink, ownsSink) { _forwarder = forwarder };
        host.Calls.Add(call);
        if (spec.Repeat)
        {
            call._loop = new LoopingCall(host.Reactor, call.RunLooping);
            call._loop.Start(spec.Delay, now: spec.Now);
        }
        else
        {
            call._call = host.Reactor.CallLater(spec.Delay, call.RunOnce);
        }
        return call;
    }

    private void RunOnce()
    {
        _status = ReactorCallState.Called;
        try { Run(); }
        finally { Finish(ReactorCallState.Called); }
    }

    private void RunLooping()
    {
        var ok = Run();
        if (_status != ReactorCallState.Pending) return; // cancelled from inside the run
        if ((!ok && !ContinueOnError) || (MaxCount is { } max && Count >= max))
        {
            _loop!.Stop();
            Finish(ReactorCallState.Called);
        }
    }

    private bool Run()
    {
        var n = Interlocked.Increment(ref _count);
        var e = new ReactorEvent(ReactorEventName.Later, _host.Reactor, _state) { Call = this, Count = n };
        var ok = _callback.Invoke(_host, e, _sink);
        if (!ok) Interlocked.Increment(ref _failures);
        _forwarder?.Raise(this, e);
        return ok;
    }

    private void Finish(ReactorCallState state)
    {
        _status = state;
        _host.Calls.Remove(this);
        if (_ownsSink) _sink.Complete();
    }

    private void EnsureActive()
    {
        switch (State)
        {
            case ReactorCallState.Called: throw new AlreadyCalledException($"The call {Id} has already run.");
            case ReactorCallState.Cancelled:
                throw new AlreadyCancelledException(_status == ReactorCallState.Pending
                    ? $"The call {Id} was dropped when its reactor stopped."
                    : $"The call {Id} has already been cancelled.");
        }
    }

    private void OnReactor(CancellationToken token, Func<Reactor, bool> func)
    {
        if (_host.IsStopped) EnsureActive();
        try
        {
            _host.Invoke(func, token);
        }
        catch (ReactorNotRunningException)
        {
            // The reactor stopped while the request was on its way: the call was dropped.
            EnsureActive();
            throw;
        }
    }
}
