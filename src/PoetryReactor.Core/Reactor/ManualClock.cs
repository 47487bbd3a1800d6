using System.Diagnostics;

namespace PoetryReactor.Core;

/// <summary>A clock that only moves when told to, for testing timed code without sleeping.</summary>
public sealed class ManualClock : IReactorClock
{
    private double _now;

    /// <summary>Creates the clock at <paramref name="start"/> seconds.</summary>
    public ManualClock(double start = 0) => _now = start;

    /// <inheritdoc />
    public double Now => Volatile.Read(ref _now);

    /// <summary>Moves the clock forward by <paramref name="seconds"/> (zero or more).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or NaN.</exception>
    public void Advance(double seconds)
    {
        if (!(seconds >= 0)) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "A clock only moves forward.");
        Volatile.Write(ref _now, _now + seconds);
    }
}
