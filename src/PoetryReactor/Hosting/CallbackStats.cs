namespace PoetryReactor.Hosting;

/// <summary>
/// What the scriptblock callbacks of one reactor did: how many ran, failed, or held the loop too long.
/// Written on the reactor thread, read from any.
/// </summary>
internal sealed class CallbackStats
{
    private long _run;
    private long _errors;
    private long _slow;
    private long _maxTicks;
    private long _warningTicks = TimeSpan.FromSeconds(0.25).Ticks;

    /// <summary>A callback that runs longer than this produces a warning.</summary>
    public TimeSpan BlockWarningThreshold
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _warningTicks));
        set => Interlocked.Exchange(ref _warningTicks, value.Ticks);
    }

    public long Run => Interlocked.Read(ref _run);

    /// <summary>Callbacks that ended with a terminating error (each reported as ReactorCallbackFailed).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Callbacks that ran longer than <see cref="BlockWarningThreshold"/>.</summary>
    public long Slow => Interlocked.Read(ref _slow);

    /// <summary>The longest a callback has held the reactor thread.</summary>
    public TimeSpan MaxTime => TimeSpan.FromTicks(Interlocked.Read(ref _maxTicks));

    /// <summary>Counts one run; true when it was slow enough to warn about.</summary>
    public bool Record(TimeSpan elapsed, bool failed)
    {
        Interlocked.Increment(ref _run);
        if (failed) Interlocked.Increment(ref _errors);
        if (elapsed.Ticks > Interlocked.Read(ref _maxTicks)) Interlocked.Exchange(ref _maxTicks, elapsed.Ticks);
        if (elapsed <= BlockWarningThreshold) return false;
        Interlocked.Increment(ref _slow);
        return true;
    }
}
