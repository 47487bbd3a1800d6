using System.Collections.Concurrent;

namespace PoetryReactor.Callbacks;

/// <summary>
/// A bounded queue from the reactor thread (or any producer) to one pipeline thread.
/// Producers never block: past <see cref="Capacity"/> a record is dropped and counted, so a
/// callback that floods output cannot stall the reactor, and the reader is told how much was lost.
/// </summary>
internal sealed class OutputQueue
{
    private readonly ConcurrentQueue<OutputItem> _items = new();
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private int _count;
    private long _dropped;
    private long _reportedDropped;
    private volatile bool _completed;
    private volatile OutputQueue? _redirect;

    public OutputQueue(int capacity = 100_000)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
        Capacity = capacity;
    }

    public int Capacity { get; }
    public int Count => Volatile.Read(ref _count);
    public long Dropped => Interlocked.Read(ref _dropped);
    public bool IsCompleted => _completed;

    /// <summary>
    /// Adds a record; returns false (and counts it) when the queue is full or completed. After
    /// <see cref="RedirectTo"/> the record goes to the other queue.
    /// </summary>
    public bool Post(OutputItem item)
    {
        if (_redirect is { } target) return target.Post(item);
        if (_completed || Interlocked.Increment(ref _count) > Capacity)
        {
            if (!_completed) Interlocked.Decrement(ref _count);
            Interlocked.Increment(ref _dropped);
            return false;
        }
        _items.Enqueue(item);
        _signal.Release();
        // A redirect that raced with this post must not strand the record here.
        if (_redirect is { } late) MoveTo(late);
        return true;
    }

    /// <summary>
    /// The reader has gone: records queued and posted from now on go to <paramref name="target"/>
    /// (e.g. the reactor's event queue), so output of callbacks that outlive their waiter is not lost.
    /// </summary>
    public void RedirectTo(OutputQueue target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (ReferenceEquals(target, this)) throw new ArgumentException("A queue cannot redirect to itself.", nameof(target));
        _redirect = target;
        MoveTo(target);
        var dropped = TakeNewlyDropped();
        if (dropped > 0) target.Post(OutputItem.Warning($"{dropped} callback record(s) were dropped: the queue holds at most {Capacity}."));
    }

    private void MoveTo(OutputQueue target)
    {
        while (_items.TryDequeue(out var item))
        {
            Interlocked.Decrement(ref _count);
            target.Post(item);
        }
    }

    /// <summary>No more records will come; a reader drains what is left and then stops.</summary>
    public void Complete()
    {
        _completed = true;
        _signal.Release();
    }

    /// <summary>
    /// Waits for the next record. Returns false when the queue is completed and empty, or the
    /// timeout passes (<paramref name="timedOut"/> tells which). Throws when the token is cancelled.
    /// </summary>
    public bool TryTake(out OutputItem item, TimeSpan timeout, CancellationToken token, out bool timedOut)
    {
        timedOut = false;
        var deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            if (_items.TryDequeue(out item))
            {
                Interlocked.Decrement(ref _count);
                return true;
            }
            if (_completed) return false;
            var left = deadline == long.MaxValue ? Timeout.Infinite : (int)Math.Max(0, Math.Min(int.MaxValue, deadline - Environment.TickCount64));
            if (left == 0 || !_signal.Wait(left, token))
            {
                if (_items.TryDequeue(out item))
                {
                    Interlocked.Decrement(ref _count);
                    return true;
                }
                timedOut = !_completed;
                return false;
            }
        }
    }

    /// <summary>How many records were dropped since the last call (for a one-time warning per batch).</summary>
    public long TakeNewlyDropped()
    {
        var total = Dropped;
        var before = Interlocked.Exchange(ref _reportedDropped, total);
        return total - before;
    }
}
