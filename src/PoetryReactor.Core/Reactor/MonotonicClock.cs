using System.Diagnostics;

namespace PoetryReactor.Core;

/// <summary>The real clock: <see cref="Stopwatch"/> timestamps in seconds.</summary>
public sealed class MonotonicClock : IReactorClock
{
    private static readonly double TickSeconds = 1.0 / Stopwatch.Frequency;

    /// <summary>The shared instance (the clock has no state).</summary>
    public static MonotonicClock Instance { get; } = new();

    /// <inheritdoc />
    public double Now => Stopwatch.GetTimestamp() * TickSeconds;
}
