namespace PoetryReactor.Core;

/// <summary>
/// A deterministic scheduler for tests (Twisted's <c>task.Clock</c>): time only moves with
/// <see cref="Advance"/> or <see cref="Pump"/>, and due calls run inside those methods, on the
/// calling thread. Exceptions thrown by calls propagate to the caller of Advance.
/// Not thread-safe.
/// </summary>
public sealed class TaskClock : IReactorTime
{
    private readonly ManualClock _time;
    private readonly TimerQueue _calls;

    /// <summary>Creates a clock at time zero.</summary>
    public TaskClock()
    {
        _time = new ManualClock();
        _calls = new TimerQueue(_time);
    }

    /// <summary>The current time, in seconds since the clock was created (plus all advances).</summary>
    public double Seconds() => _time.Now;

    /// <summary>Schedules <paramref name="action"/> to run once the clock has advanced <paramref name="delaySeconds"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or NaN delay.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    public DelayedCall CallLater(double delaySeconds, Action action) => _calls.Schedule(delaySeconds, action);

    /// <summary>Moves time forward by <paramref name="seconds"/> and runs every call now due, in due-time order
    /// (calls they schedule that are also due run too).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or NaN.</exception>
    public void Advance(double seconds)
    {
        _time.Advance(seconds);
        DelayedCall? call;
        while ((call = _calls.PopDue(_time.Now, long.MaxValue)) is not null)
        {
            call.MarkCalled();
            call.Action();
        }
    }

    /// <summary>Advances the clock by each amount in turn (Twisted's <c>pump</c>).</summary>
    public void Pump(IEnumerable<double> timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        foreach (var amount in timings) Advance(amount);
    }

    /// <summary>The pending calls, sorted by due time then scheduling order.</summary>
    public IReadOnlyList<DelayedCall> GetDelayedCalls() => _calls.Live();

    internal TimerQueue Timers => _calls;
}
