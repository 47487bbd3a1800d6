namespace PoetryReactor.Core;

/// <summary>
/// Twisted's <c>IReactorTime</c>: what timed code needs from a scheduler. Both <see cref="Reactor"/> and
/// the manual <see cref="TaskClock"/> provide it, so timed code is tested without sleeping.
/// </summary>
public interface IReactorTime
{
    /// <summary>Now, in seconds, per the scheduler's clock.</summary>
    double Seconds();

    /// <summary>Runs <paramref name="action"/> <paramref name="delaySeconds"/> from now.</summary>
    DelayedCall CallLater(double delaySeconds, Action action);

    /// <summary>The pending delayed calls.</summary>
    IReadOnlyList<DelayedCall> GetDelayedCalls();
}
