using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;

namespace PoetryReactor.Hosting;

/// <summary>
/// The threads blocking work runs on, off the reactor (Twisted's reactor thread pool, for deferToThread).
/// Each thread has its own runspace with the module imported, opened on its first item. At most
/// <see cref="Size"/> threads run; at most <see cref="MaxQueued"/> items wait, so a flood is refused
/// rather than held without bound. Threads end when the pool shrinks or the module is removed.
/// </summary>
internal sealed class WorkerPool
{
    /// <summary>Twisted's reactor thread pool has at most ten threads.</summary>
    public const int DefaultSize = 10;

    /// <summary>Work items that may wait for a thread.</summary>
    public const int MaxQueued = 1_000;

    private readonly BlockingCollection<Action<Runspace>> _queue = new(MaxQueued);
    private readonly string _modulePath;
    private int _size = DefaultSize;
    private int _threads;
    private int _busy;

    public WorkerPool(string modulePath) => _modulePath = modulePath;

    /// <summary>The pool of the module.</summary>
    public static WorkerPool Shared { get; } = new(Path.Combine(Path.GetDirectoryName(typeof(WorkerPool).Assembly.Location)!, "PoetryReactor.psd1"));

    /// <summary>The most threads that run work at once (1 to 256).</summary>
    public int Size
    {
        get => Volatile.Read(ref _size);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 256);
            Volatile.Write(ref _size, value);
            // Threads above the new size end once they finish what they run.
        }
    }

    /// <summary>Threads running work now.</summary>
    public int Busy => Volatile.Read(ref _busy);

    /// <summary>Items waiting for a thread.</summary>
    public int Queued => _queue.Count;

    /// <summary>Queues <paramref name="work"/>; false when <see cref="MaxQueued"/> items already wait.</summary>
    public bool TryQueue(Action<Runspace> work)
    {
        if (!_queue.TryAdd(work)) return false;
        AddThreadIfNeeded();
        return true;
    }

    // A thread more when every thread is busy (or none is left) and the pool may grow.
    private void AddThreadIfNeeded()
    {
        while (true)
        {
            var threads = Volatile.Read(ref _threads);
            if (threads >= Size || threads > Busy) return;
            if (Interlocked.CompareExchange(ref _threads, threads + 1, threads) != threads) continue;
            new Thread(Work) { IsBackground = true, Name = "PoetryReactor pool" }.Start();
            return;
        }
    }

    private void Work()
    {
        using var runspace = new CallbackRunspace(_modulePath, () => true);
        try
        {
            while (Volatile.Read(ref _threads) <= Size && _queue.TryTake(out var work, TimeSpan.FromSeconds(30)))
            {
                Interlocked.Increment(ref _busy);
                try { work(runspace.Get()); }
                catch (Exception) { /* the item reports its own failures; one failure must not end the thread */ }
                finally { Interlocked.Decrement(ref _busy); }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _threads);
            // An item queued while this thread was leaving must not wait for the next one.
            if (_queue.Count > 0) AddThreadIfNeeded();
        }
    }
}
