using PoetryReactor.Core.Defer;

namespace PoetryReactor.Core;

/// <summary>
/// Twisted's <c>task.LoopingCall</c>: calls an action every <see cref="Interval"/> seconds on a reactor
/// (or a <see cref="TaskClock"/>) until stopped. Runs are aligned to the start time: a run that comes late
/// does not shift the ones after it, and intervals missed entirely are skipped, not run in a burst.
/// Use it on the scheduler's thread only.
/// </summary>
public sealed class LoopingCall
{
    private readonly IReactorTime _clock;
    private readonly Action _action;
    private Deferred<LoopingCall>? _done;
    private double _startTime;

    /// <summary>Creates a looping call of <paramref name="action"/> on <paramref name="clock"/>; <see cref="Start"/> starts it.</summary>
    public LoopingCall(IReactorTime clock, Action action)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _action = action ?? throw new ArgumentNullException(nameof(action));
    }

    /// <summary>True from <see cref="Start"/> until <see cref="Stop"/> or a failed run.</summary>
    public bool IsRunning { get; private set; }

    /// <summary>Seconds between runs, as given to <see cref="Start"/>.</summary>
    public double Interval { get; private set; }

    /// <summary>How many times the action has been called since the last <see cref="Start"/>.</summary>
    public long Count { get; private set; }

    /// <summary>The next scheduled run while running (null while the action runs, or when stopped).</summary>
    public DelayedCall? Call { get; private set; }

    /// <summary>
    /// Starts calling the action every <paramref name="intervalSeconds"/> seconds, the first time at once
    /// when <paramref name="now"/>, else one interval from now. Returns a Deferred that fires with this
    /// object when <see cref="Stop"/> is called, or fails with what the action threw (the loop then stops).
    /// </summary>
    /// <exception cref="InvalidOperationException">Already running.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Negative or NaN interval.</exception>
    public Deferred<LoopingCall> Start(double intervalSeconds, bool now = true)
    {
        if (IsRunning) throw new InvalidOperationException("The looping call is already running.");
        if (!(intervalSeconds >= 0)) throw new ArgumentOutOfRangeException(nameof(intervalSeconds), intervalSeconds, "An interval must be zero or more seconds.");
        IsRunning = true;
        Interval = intervalSeconds;
        Count = 0;
        var done = _done = new Deferred<LoopingCall>();
        _startTime = _clock.Seconds();
        if (now) Run();
        else ScheduleFrom(_startTime);
        return done;
    }

    /// <summary>Stops the loop: the next run is cancelled and the Deferred from <see cref="Start"/> fires.</summary>
    /// <exception cref="InvalidOperationException">Not running.</exception>
    public void Stop()
    {
        if (!IsRunning) throw new InvalidOperationException("The looping call is not running.");
        IsRunning = false;
        if (Call is { IsActive: true } call) call.Cancel();
        Call = null;
        var done = _done;
        _done = null;
        done?.Callback(this);
    }

    /// <summary>Restarts the schedule from now: the next run is one interval away (Twisted's <c>reset</c>).</summary>
    /// <exception cref="InvalidOperationException">Not running, or called from inside the action.</exception>
    public void Reset()
    {
        if (!IsRunning) throw new InvalidOperationException("The looping call is not running.");
        if (Call is null) throw new InvalidOperationException("Reset cannot be called from inside the looping call's own run.");
        Call.Cancel();
        _startTime = _clock.Seconds();
        ScheduleFrom(_startTime);
    }

    private void Run()
    {
        Call = null;
        Count++;
        try
        {
            _action();
        }
        catch (Exception ex)
        {
            IsRunning = false;
            var done = _done;
            _done = null;
            done?.Errback(ex);
            return;
        }
        // The action may have stopped and restarted the loop itself; then it is already scheduled.
        if (IsRunning && Call is null) ScheduleFrom(_clock.Seconds());
    }

    private void ScheduleFrom(double when)
    {
        Call = _clock.CallLater(HowLong(when), Run);
    }

    // Time from `when` to the next multiple of the interval after the start; a whole interval when on one.
    private double HowLong(double when)
    {
        if (Interval == 0) return 0;
        var untilNext = Interval - ((when - _startTime) % Interval);
        return when == when + untilNext ? Interval : untilNext;
    }
}
