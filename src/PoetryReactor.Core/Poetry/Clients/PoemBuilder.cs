using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Poetry.Clients;

/// <summary>
/// Accumulates one task's bytes and builds its <see cref="Poem"/>: the one place every client
/// mode counts chunks, enforces the byte limit and stamps times.
/// </summary>
/// <remarks>
/// Not thread-safe: one task's reads happen one after another, on whichever thread. Call
/// <see cref="Complete"/> or <see cref="Fail"/> exactly once.
/// </remarks>
internal sealed class PoemBuilder
{
    private readonly TimeProvider _clock;
    private readonly long _startTimestamp;
    private readonly List<int> _threadIds = new(1);
    private byte[] _buffer = [];
    private int _length;
    private int _chunks;
    private DateTimeOffset? _firstByteTime;
    private bool _built;

    /// <summary>Starts a task now, as told by <paramref name="clock"/>.</summary>
    /// <param name="taskNumber">1-based task number.</param>
    /// <param name="address">The server's address.</param>
    /// <param name="mode">The client model.</param>
    /// <param name="maxBytes">The most bytes kept; more makes <see cref="TryAppend"/> return false.</param>
    /// <param name="clock">Wall and monotonic time; <see cref="TimeProvider.System"/> if null.</param>
    public PoemBuilder(int taskNumber, HostPort address, PoetryClientMode mode, int maxBytes, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfLessThan(taskNumber, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        TaskNumber = taskNumber;
        Address = address;
        Mode = mode;
        MaxBytes = maxBytes;
        _clock = clock ?? TimeProvider.System;
        StartTime = _clock.GetUtcNow();
        _startTimestamp = _clock.GetTimestamp();
    }

    /// <summary>The task's 1-based number.</summary>
    public int TaskNumber { get; }

    /// <summary>The server's address.</summary>
    public HostPort Address { get; }

    /// <summary>The client model.</summary>
    public PoetryClientMode Mode { get; }

    /// <summary>The most bytes this poem may hold.</summary>
    public int MaxBytes { get; }

    /// <summary>When the task started.</summary>
    public DateTimeOffset StartTime { get; }

    /// <summary>Bytes received so far.</summary>
    public int TotalBytes => _length;

    /// <summary>
    /// Appends one read's bytes and describes it in <paramref name="chunk"/>. Returns false,
    /// keeping only the bytes up to <see cref="MaxBytes"/>, when the poem would grow past the
    /// limit: the caller then stops reading and calls <see cref="Fail"/> with a
    /// <see cref="PoetryErrorKind.TooLarge"/> error (see <see cref="TooLargeError"/>).
    /// </summary>
    public bool TryAppend(ReadOnlySpan<byte> data, out ChunkEvent chunk)
    {
        ThrowIfBuilt();
        DateTimeOffset now = _clock.GetUtcNow();
        _firstByteTime ??= now;
        int threadId = Environment.CurrentManagedThreadId;
        if (!_threadIds.Contains(threadId))
        {
            _threadIds.Add(threadId);
        }
        int room = MaxBytes - _length;
        int take = Math.Min(room, data.Length);
        EnsureCapacity(_length + take);
        data[..take].CopyTo(_buffer.AsSpan(_length));
        _length += take;
        _chunks++;
        chunk = new ChunkEvent(TaskNumber, Address.ToString(), take, now, threadId, _length);
        return take == data.Length;
    }

    /// <summary>The error for a poem that outgrew <see cref="MaxBytes"/>.</summary>
    public PoetryException TooLargeError() => PoetryException.TooLarge(Address.ToString(), MaxBytes);

    /// <summary>Builds the poem as complete: the server closed the connection cleanly.</summary>
    public Poem Complete() => Build(null);

    /// <summary>Builds the poem as incomplete, keeping the bytes received so far.</summary>
    public Poem Fail(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Build(error);
    }

    private Poem Build(Exception? error)
    {
        ThrowIfBuilt();
        _built = true;
        TimeSpan elapsed = _clock.GetElapsedTime(_startTimestamp);
        byte[] content = _buffer.Length == _length ? _buffer : _buffer.AsSpan(0, _length).ToArray();
        return new Poem(TaskNumber, Address.ToString(), Mode, content, _chunks, StartTime, _clock.GetUtcNow(),
            elapsed, _firstByteTime, _threadIds.ToArray(), error);
    }

    // Doubles the buffer, never past MaxBytes, so memory stays bounded by the limit.
    private void EnsureCapacity(int needed)
    {
        if (needed <= _buffer.Length)
        {
            return;
        }
        int size = (int)Math.Min(MaxBytes, Math.Max(needed, Math.Max(256L, _buffer.Length * 2L)));
        Array.Resize(ref _buffer, size);
    }

    private void ThrowIfBuilt()
    {
        if (_built)
        {
            throw new InvalidOperationException("The poem has already been built.");
        }
    }
}
