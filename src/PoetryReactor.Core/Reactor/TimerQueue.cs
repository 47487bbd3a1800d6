namespace PoetryReactor.Core;

/// <summary>
/// The delayed calls of one reactor or <see cref="TaskClock"/>: a binary min-heap keyed (time, seq).
/// Cancelled calls stay in the heap, marked, until they reach the top or until more than half the
/// heap is cancelled, when it is compacted. Single-threaded.
/// </summary>
internal sealed class TimerQueue
{
    private readonly IReactorClock _clock;
    // Each entry keeps its call's due time and sequence inline, so sifting compares array memory
    // instead of following a reference per comparison (10,000 timers: the heap's cache misses).
    private Entry[] _heap = new Entry[16];
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
        SiftUp(HeapCount++, new Entry(call));
        return call;
    }

    /// <summary>The nearest live call, discarding cancelled ones at the top; null if none.</summary>
    public DelayedCall? PeekLive()
    {
        while (HeapCount > 0)
        {
            var top = _heap[0].Call;
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
        if (PeekLive() is null) return null;
        ref var first = ref _heap[0];
        if (first.Time > now || first.Seq >= seqLimit) return null;
        var top = first.Call;
        RemoveTop();
        return top;
    }

    /// <summary>Schedules a call that has run to run again, as a new call would be (a timer reused, not reallocated).</summary>
    public void Rearm(DelayedCall call, double delaySeconds)
    {
        CheckDelay(delaySeconds, nameof(delaySeconds));
        if (!call.IsCalled || call.HeapIndex >= 0) throw new InvalidOperationException("Only a call that has run can be scheduled again.");
        call.Time = _clock.Now + delaySeconds;
        call.Seq = _nextSeq++;
        call.MarkPending();
        if (HeapCount == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        SiftUp(HeapCount++, new Entry(call));
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
        int i = call.HeapIndex;
        _heap[i] = new Entry(call);
        SiftDown(i, _heap[i]);
        i = call.HeapIndex;
        SiftUp(i, _heap[i]);
    }

    /// <summary>Live calls, sorted by due time then scheduling order.</summary>
    public List<DelayedCall> Live()
    {
        var list = new List<DelayedCall>(LiveCount);
        for (int i = 0; i < HeapCount; i++)
            if (!_heap[i].Call.IsCancelled) list.Add(_heap[i].Call);
        list.Sort(static (a, b) => Compare(a, b));
        return list;
    }

    /// <summary>Marks every pending call cancelled and empties the heap.</summary>
    public void DropAll()
    {
        for (int i = 0; i < HeapCount; i++)
        {
            _heap[i].Call.MarkDropped();
            _heap[i].Call.HeapIndex = -1;
            _heap[i] = default;
        }
        HeapCount = 0;
        CancelledCount = 0;
    }

    private void Compact()
    {
        int kept = 0;
        for (int i = 0; i < HeapCount; i++)
        {
            var entry = _heap[i];
            if (entry.Call.IsCancelled) entry.Call.HeapIndex = -1;
            else Place(entry, kept++);
        }
        Array.Clear(_heap, kept, HeapCount - kept);
        HeapCount = kept;
        CancelledCount = 0;
        for (int i = kept / 2 - 1; i >= 0; i--) SiftDown(i, _heap[i]);
    }

    private void RemoveTop()
    {
        _heap[0].Call.HeapIndex = -1;
        HeapCount--;
        var last = _heap[HeapCount];
        _heap[HeapCount] = default;
        if (HeapCount > 0) SiftDown(0, last);
    }

    private static int Compare(DelayedCall a, DelayedCall b)
    {
        int c = a.Time.CompareTo(b.Time);
        return c != 0 ? c : a.Seq.CompareTo(b.Seq);
    }

    private static bool Before(in Entry a, in Entry b) => a.Time < b.Time || (a.Time == b.Time && a.Seq < b.Seq);

    private void Place(in Entry entry, int index)
    {
        _heap[index] = entry;
        entry.Call.HeapIndex = index;
    }

    // Moves the hole at i up until entry fits there.
    private void SiftUp(int i, Entry entry)
    {
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (!Before(entry, _heap[parent])) break;
            Place(_heap[parent], i);
            i = parent;
        }
        Place(entry, i);
    }

    // Moves the hole at i down until entry fits there.
    private void SiftDown(int i, Entry entry)
    {
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= HeapCount) break;
            if (child + 1 < HeapCount && Before(_heap[child + 1], _heap[child])) child++;
            if (!Before(_heap[child], entry)) break;
            Place(_heap[child], i);
            i = child;
        }
        Place(entry, i);
    }

    private readonly struct Entry(DelayedCall call)
    {
        public readonly double Time = call.Time;
        public readonly long Seq = call.Seq;
        public readonly DelayedCall Call = call;
    }
}
