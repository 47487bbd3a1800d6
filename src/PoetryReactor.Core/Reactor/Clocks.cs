using System.Diagnostics;

namespace PoetryReactor.Core;

/// <summary>The reactor's notion of time: seconds on a monotonic scale (never wall time).</summary>
public interface IReactorClock
{
    /// <summary>Now, in seconds. Never decreases.</summary>
    double Now { get; }
}

/// <summary>The real clock: <see cref="Stopwatch"/> timestamps in seconds.</summary>
public sealed class MonotonicClock : IReactorClock
{
    private static readonly double TickSeconds = 1.0 / Stopwatch.Frequency;

    /// <summary>The shared instance (the clock has no state).</summary>
    public static MonotonicClock Instance { get; } = new();

    /// <inheritdoc />
    public double Now => Stopwatch.GetTimestamp() * TickSeconds;
}

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
