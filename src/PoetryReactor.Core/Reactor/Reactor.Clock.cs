namespace PoetryReactor.Core;

public sealed partial class Reactor
{
    // Bounds one AdvanceClock: enough for a call every millisecond over a quarter of an hour.
    private const int MaxClockSteps = 1_000_000;

    /// <summary>True when the reactor was built on a <see cref="ManualClock"/>: time moves only with <see cref="AdvanceClock"/>.</summary>
    public bool HasManualClock => _clock is ManualClock;

    /// <summary>
    /// Moves a manual clock forward by <paramref name="seconds"/>, running the delayed calls that fall
    /// due on the way in time order, each at its own due time, so a looping call repeats as often as it
    /// would have in real time (Twisted's <c>task.Clock.advance</c>, stepped like <c>pump</c>). Returns
    /// after they have run. Reactor thread only (or before <see cref="Run"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The reactor runs on a real clock; or another thread called it.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Negative or NaN.</exception>
    /// <exception cref="InvalidOperationException">Calls kept falling due without time moving (a zero-delay chain) past a bound.</exception>
    public void AdvanceClock(double seconds)
    {
        CheckThread();
        if (_clock is not ManualClock manual)
            throw new InvalidOperationException("Only a reactor built on a ManualClock can be advanced; this one runs on real time.");
        if (!(seconds >= 0)) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "A clock only moves forward.");
        double target = manual.Now + seconds;
        // Each step ends at the next due call, so calls scheduled by the ones that run are seen in order.
        for (var steps = 0; _timers.PeekLive() is { } next && next.Time <= target; steps++)
        {
            if (steps == MaxClockSteps)
                throw new InvalidOperationException($"Delayed calls kept falling due {MaxClockSteps:N0} times while the clock advanced: a call that reschedules itself with no delay never lets time move.");
            if (next.Time > manual.Now) manual.Advance(next.Time - manual.Now);
            RunDueCalls(manual.Now);
        }
        if (target > manual.Now) manual.Advance(target - manual.Now);
        RunDueCalls(manual.Now);
    }
}
