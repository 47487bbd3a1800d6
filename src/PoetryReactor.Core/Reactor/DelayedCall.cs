using PoetryReactor.Core.Defer;

namespace PoetryReactor.Core;

/// <summary>
/// A call scheduled by <see cref="Reactor.CallLater(double, Action)"/> or <see cref="TaskClock.CallLater"/>
/// (Twisted's <c>IDelayedCall</c>). Use it only on the thread that owns its reactor or clock.
/// </summary>
public sealed class DelayedCall
{
    private readonly TimerQueue _owner;
    private CallState _state;

    internal DelayedCall(TimerQueue owner, double time, long seq, Action action)
    {
        _owner = owner;
        Time = time;
        Seq = seq;
        Action = action;
    }

    private enum CallState : byte { Pending, Called, Cancelled }

    /// <summary>The absolute clock time (seconds, the owner's clock) at which the call is due.</summary>
    public double Time { get; internal set; }

    /// <summary>True while the call is neither called nor cancelled.</summary>
    public bool IsActive => _state == CallState.Pending;

    /// <summary>True once the call has started running.</summary>
    public bool IsCalled => _state == CallState.Called;

    /// <summary>True once the call has been cancelled (or dropped at reactor shutdown).</summary>
    public bool IsCancelled => _state == CallState.Cancelled;

    internal Action Action { get; }
    internal long Seq { get; set; }
    internal int HeapIndex { get; set; } = -1;

    /// <summary>Unschedules the call.</summary>
    /// <exception cref="AlreadyCalledException">The call has run or is running (including from inside itself).</exception>
    /// <exception cref="AlreadyCancelledException">The call was already cancelled.</exception>
    public void Cancel()
    {
        EnsureActive();
        _state = CallState.Cancelled;
        _owner.OnCancelled(this);
    }

    /// <summary>Reschedules the call to run <paramref name="secondsFromNow"/> seconds after the clock's now.</summary>
    /// <exception cref="AlreadyCalledException">The call has run.</exception>
    /// <exception cref="AlreadyCancelledException">The call was cancelled.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Negative or NaN.</exception>
    public void Reset(double secondsFromNow)
    {
        TimerQueue.CheckDelay(secondsFromNow, nameof(secondsFromNow));
        EnsureActive();
        _owner.Reschedule(this, _owner.Now + secondsFromNow);
    }

    /// <summary>Moves the call <paramref name="secondsLater"/> seconds later than it is now due.</summary>
    /// <exception cref="AlreadyCalledException">The call has run.</exception>
    /// <exception cref="AlreadyCancelledException">The call was cancelled.</exception>
    /// <exception cref="ArgumentOutOfRangeException">NaN, or a move to before the clock's now.</exception>
    public void Delay(double secondsLater)
    {
        if (double.IsNaN(secondsLater)) throw new ArgumentOutOfRangeException(nameof(secondsLater), "NaN is not a delay.");
        EnsureActive();
        _owner.Reschedule(this, Math.Max(Time + secondsLater, _owner.Now));
    }

    internal void MarkCalled() => _state = CallState.Called;

    internal void MarkPending() => _state = CallState.Pending;

    internal void MarkDropped() => _state = CallState.Cancelled;

    /// <summary>Describes the call: its due time and state.</summary>
    public override string ToString() =>
        $"DelayedCall(time={Time:0.######}, {_state}, {Action.Method.Name})";

    private void EnsureActive()
    {
        if (_state == CallState.Called) throw new AlreadyCalledException("The delayed call has already been called.");
        if (_state == CallState.Cancelled) throw new AlreadyCancelledException();
    }
}
