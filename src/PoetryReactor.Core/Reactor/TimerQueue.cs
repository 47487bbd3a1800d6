namespace PoetryReactor.Core;

/// <summary>
/// The delayed calls of one reactor or <see cref="TaskClock"/>: a binary min-heap keyed (time, seq).
/// Cancelled calls stay in the heap, marked, until they reach the top or until more than half the
/// heap is cancelled, when it is compacted. Single-threaded.
/// </summary>
internal sealed class TimerQueue
{
    private readonly IReactorClock _clock;
    private DelayedCall[] _heap = new DelayedCall[16];
    private long _nextSeq;

    public TimerQueue(IReactorClock clock) => _clock = clock;

    /// <summary>Entries in the heap, cancelled ones included.</summary>
    public int HeapCount { get; private set; }

    /// <summary>Cancelled entries still in the heap.</summary>
    public int CancelledCount { get; private set; }

    /// <summary>Live (pending) calls.</summary>
    public int LiveCount => HeapCount - CancelledCount;

    public double Now => _clock.Now;

    /// <summary>The sequence number the next scheduled (or rescheduled) call will get.</summary>
    public long NextSeq => _nextSeq;

    public static void CheckDelay(double seconds, string name)
    {
        if (!(seconds >= 0)) throw new ArgumentOutOfRangeException(name, seconds, "A delay must be a number of seconds, zero or more.");
    }

    public DelayedCall Schedule(double delaySeconds, Action action)
    {
        CheckDelay(delaySeconds, "delaySeconds");
        ArgumentNullException.ThrowIfNull(action);
        var call = new DelayedCall(this, _clock.Now + delaySeconds, _nextSeq++, action);
        if (HeapCount == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        Place(call, HeapCount++);
        SiftUp(call.HeapIndex);
        return call;
    }

    /// <summary>The nearest live call, discarding cancelled ones at the top; null if none.</summary>
    public DelayedCall? PeekLive()
    {
        while (HeapCount > 0)
        {
            var top = _heap[0];
            if (!top.IsCancelled) return top;
            RemoveTop();
            CancelledCount--;
        }
        return null;
    }

    /// <summary>
    /// Removes and returns the nearest live call if it is due at <paramref name="now"/> and was
    /// scheduled before <paramref name="seqLimit"/>; otherwise null. The caller runs it.
    /// </summary>
    public DelayedCall? PopDue(double now, long seqLimit)
    {
        var top = PeekLive();
        if (top is null || top.Time > now || top.Seq >= seqLimit) return null;
        RemoveTop();
        return top;
    }

    public void OnCancelled(DelayedCall call)
    {
        CancelledCount++;
        if (CancelledCount * 2 > HeapCount) Compact();
    }

    public void Reschedule(DelayedCall call, double time)
    {
        call.Time = time;
        call.Seq = _nextSeq++; // a rescheduled call queues behind calls already due at that time
        SiftDown(call.HeapIndex);
        SiftUp(call.HeapIndex);
    }

    /// <summary>Live calls, sorted by due time then scheduling order.</summary>
    public List<DelayedCall> Live()
    {
        var list = new List<DelayedCall>(LiveCount);
        for (int i = 0; i < HeapCount; i++)
            if (!_heap[i].IsCancelled) list.Add(_heap[i]);
        list.Sort(static (a, b) => Compare(a, b));
        return list;
    }

    /// <summary>Marks every pending call cancelled and empties the heap.</summary>
    public void DropAll()
    {
        for (int i = 0; i < HeapCount; i++)
        {
            _heap[i].MarkDropped();
            _heap[i].HeapIndex = -1;
            _heap[i] = null!;
        }
        HeapCount = 0;
        CancelledCount = 0;
    }

    private void Compact()
    {
        int kept = 0;
        for (int i = 0; i < HeapCount; i++)
        {
            var call = _heap[i];
            if (call.IsCancelled) call.HeapIndex = -1;
            else Place(call, kept++);
        }
        Array.Clear(_heap, kept, HeapCount - kept);
        HeapCount = kept;
        CancelledCount = 0;
        for (int i = kept / 2 - 1; i >= 0; i--) SiftDown(i);
    }

    private void RemoveTop()
    {
        var top = _heap[0];
        top.HeapIndex = -1;
        HeapCount--;
        if (HeapCount > 0)
        {
            Place(_heap[HeapCount], 0);
            SiftDown(0);
        }
        _heap[HeapCount] = null!;
    }

    private static int Compare(DelayedCall a, DelayedCall b)
    {
        int c = a.Time.CompareTo(b.Time);
        return c != 0 ? c : a.Seq.CompareTo(b.Seq);
    }

    private void Place(DelayedCall call, int index)
    {
        _heap[index] = call;
        call.HeapIndex = index;
    }

    private void SiftUp(int i)
    {
        var call = _heap[i];
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (Compare(_heap[parent], call) <= 0) break;
            Place(_heap[parent], i);
            i = parent;
        }
        Place(call, i);
    }

    private void SiftDown(int i)
    {
        var call = _heap[i];
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= HeapCount) break;
            if (child + 1 < HeapCount && Compare(_heap[child + 1], _heap[child]) < 0) child++;
            if (Compare(call, _heap[child]) <= 0) break;
            Place(_heap[child], i);
            i = child;
        }
        Place(call, i);
    }
}
