namespace PoetryReactor.Core;

/// <summary>
/// Counters kept by the reactor thread. Reads from other threads see recent, not atomic-together, values.
/// </summary>
public sealed class ReactorStats
{
    private long _callbacksRun, _callbackErrors, _iterations, _delayedCallsRun, _threadCallsRun,
        _readsDispatched, _writesDispatched, _maxLagTicks;
    private readonly double[] _lagWindow = new double[LagWindow];
    private long _lagCount;

    /// <summary>Callbacks of every kind run (delayed calls, thread calls, triggers, DoRead/DoWrite).</summary>
    public long CallbacksRun => Volatile.Read(ref _callbacksRun);
    /// <summary>Callbacks that threw (each was reported and the loop went on).</summary>
    public long CallbackErrors => Volatile.Read(ref _callbackErrors);
    /// <summary>Passes of the loop (each ends with one wait for I/O).</summary>
    public long Iterations => Volatile.Read(ref _iterations);
    /// <summary>Delayed calls run.</summary>
    public long DelayedCallsRun => Volatile.Read(ref _delayedCallsRun);
    /// <summary>Actions queued by <see cref="Reactor.CallFromThread"/> run.</summary>
    public long ThreadCallsRun => Volatile.Read(ref _threadCallsRun);
    /// <summary>DoRead calls.</summary>
    public long ReadsDispatched => Volatile.Read(ref _readsDispatched);
    /// <summary>DoWrite calls.</summary>
    public long WritesDispatched => Volatile.Read(ref _writesDispatched);
    /// <summary>The latest a delayed call has run after its due time, in seconds.</summary>
    public double MaxLagSeconds => Volatile.Read(ref _maxLagTicks) / 1e7;

    /// <summary>Delayed calls whose lateness has been recorded (all that ran).</summary>
    public long LagSamples { get { lock (_lagWindow) return _lagCount; } }

    /// <summary>
    /// The median lateness, in seconds, of the last <see cref="LagWindow"/> delayed calls (0 before any ran):
    /// how late the loop typically runs timed work, where <see cref="MaxLagSeconds"/> is the worst case.
    /// </summary>
    public double MedianLagSeconds
    {
        get
        {
            double[] copy;
            lock (_lagWindow)
            {
                int n = (int)Math.Min(_lagCount, LagWindow);
                if (n == 0) return 0;
                copy = _lagWindow.AsSpan(0, n).ToArray();
            }
            Array.Sort(copy);
            int mid = copy.Length / 2;
            return copy.Length % 2 == 1 ? copy[mid] : (copy[mid - 1] + copy[mid]) / 2;
        }
    }

    /// <summary>How many of the latest lateness samples <see cref="MedianLagSeconds"/> is taken over.</summary>
    public const int LagWindow = 1024;

    internal void CallbackRun() => _callbacksRun++;
    internal void CallbackError() => _callbackErrors++;
    internal void Iteration() => _iterations++;
    internal void DelayedCallRun() => _delayedCallsRun++;
    internal void ThreadCallRun() => _threadCallsRun++;
    internal void ReadDispatched() => _readsDispatched++;
    internal void WriteDispatched() => _writesDispatched++;

    internal void Lag(double seconds)
    {
        long ticks = (long)(seconds * 1e7);
        if (ticks > _maxLagTicks) Volatile.Write(ref _maxLagTicks, ticks);
        // A ring of recent samples: bounded memory, and readers on other threads take a consistent copy.
        lock (_lagWindow)
        {
            _lagWindow[(int)(_lagCount % LagWindow)] = seconds;
            _lagCount++;
        }
    }
}
