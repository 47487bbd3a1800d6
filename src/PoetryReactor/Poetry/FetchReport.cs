using System.Diagnostics;
using System.Management.Automation;
using PoetryReactor.Callbacks;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Errors;

namespace PoetryReactor.Poetry;

/// <summary>
/// Turns a fetch's callbacks (on the client's threads) into records on an <see cref="OutputQueue"/>
/// for the pipeline thread: each poem and its error as it completes, throttled progress, the
/// tutorial's verbose lines, and chunk objects when asked. Calls for one fetch never overlap.
/// </summary>
internal sealed class FetchReport
{
    /// <summary>The least time between two progress records of one task.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);

    // Past this many queued records, chunk-level records are dropped (and counted) so that
    // poems and errors, which have room reserved above it, are never lost.
    private const int SoftCapacity = 50_000;

    private readonly int _total;
    private readonly bool _verbose;
    private readonly bool _chunks;
    private readonly long[] _lastProgress;
    private readonly bool[] _barClosed;
    private long _lastOverall = long.MinValue;
    private int _done;
    private long _droppedDetail;

    public FetchReport(int total, int activityId, bool verbose, bool includeChunks)
    {
        _total = total;
        ActivityId = activityId;
        _verbose = verbose;
        _chunks = includeChunks;
        _lastProgress = new long[total];
        Array.Fill(_lastProgress, long.MinValue);
        _barClosed = new bool[total];
        Queue = new OutputQueue(SoftCapacity + 3 * total + 16);
    }

    /// <summary>The records for the pipeline thread; completed by the cmdlet when the fetch ends.</summary>
    public OutputQueue Queue { get; }

    /// <summary>The overall bar's activity id; task n's bar is <c>ActivityId + n</c>.</summary>
    public int ActivityId { get; }

    /// <summary>Chunk-level records (progress, verbose, chunk objects) dropped because the pipeline fell behind.</summary>
    public long DroppedDetail => Interlocked.Read(ref _droppedDetail);

    /// <summary>False when the caller's progress preference hides progress: no records are made at all.</summary>
    public bool ShowProgress { get; init; } = true;

    /// <summary>Poems completed so far.</summary>
    public int Done => Volatile.Read(ref _done);

    /// <summary>The overall bar: poems done of the total.</summary>
    public ProgressRecord Overall(int done, ProgressRecordType type = ProgressRecordType.Processing) =>
        new(ActivityId, "Get-Poetry", $"{done} of {_total} poems")
        {
            PercentComplete = _total == 0 ? 100 : done * 100 / _total,
            RecordType = type,
        };

    /// <summary>One task's bar: bytes so far of an unknown total.</summary>
    public ProgressRecord Task(int taskNumber, string address, long bytes, ProgressRecordType type = ProgressRecordType.Processing) =>
        new(ActivityId + taskNumber, $"Task {taskNumber}: {address}", $"{bytes} bytes")
        {
            ParentActivityId = ActivityId,
            PercentComplete = -1,
            RecordType = type,
        };

    public void OnChunk(ChunkEvent chunk)
    {
        if (_verbose)
            Detail(OutputItem.Verbose($"Task {chunk.TaskNumber}: got {chunk.Bytes} bytes of poetry from {chunk.Address}"));
        if (_chunks)
            Detail(OutputItem.Object(chunk));
        if (!ShowProgress)
            return;
        long now = Stopwatch.GetTimestamp();
        ref long last = ref _lastProgress[chunk.TaskNumber - 1];
        if (last == long.MinValue || Stopwatch.GetElapsedTime(last, now) >= ProgressInterval)
        {
            last = now;
            Detail(new OutputItem(OutputKind.Progress, Task(chunk.TaskNumber, chunk.Address, chunk.TotalBytes)));
        }
    }

    public void OnPoem(Poem poem)
    {
        int done = Interlocked.Increment(ref _done);
        bool shown = ShowProgress && _lastProgress[poem.TaskNumber - 1] != long.MinValue;
        if (shown)
            Queue.Post(new OutputItem(OutputKind.Progress, Task(poem.TaskNumber, poem.Address, poem.Bytes, ProgressRecordType.Completed)));
        Volatile.Write(ref _barClosed[poem.TaskNumber - 1], true);
        if (poem.Error is { } error)
            Queue.Post(OutputItem.Error(ErrorFor(poem, error)));
        if (poem.Complete || poem.Bytes > 0)
            Queue.Post(OutputItem.Object(poem, PoemTypeName));
        if (_verbose)
            Queue.Post(OutputItem.Verbose(poem.Complete
                ? $"Task {poem.TaskNumber}: {poem.Bytes} bytes of poetry from {poem.Address} in {poem.Elapsed.TotalSeconds:0.000} s"
                : $"Task {poem.TaskNumber}: failed after {poem.Bytes} bytes from {poem.Address}"));
        // The overall bar at most once an interval, and always at the last poem.
        long now = Stopwatch.GetTimestamp();
        if (ShowProgress && (done == _total || _lastOverall == long.MinValue || Stopwatch.GetElapsedTime(_lastOverall, now) >= ProgressInterval))
        {
            _lastOverall = now;
            Queue.Post(new OutputItem(OutputKind.Progress, Overall(done)));
        }
    }

    /// <summary>True once task n's poem was reported (its bar, if any, is closed).</summary>
    public bool IsClosed(int taskNumber) => Volatile.Read(ref _barClosed[taskNumber - 1]);

    /// <summary>The extended type name poems carry in PowerShell, before their .NET type's: it survives
    /// serialization (Deserialized.PoetryReactor.Poem) and selects the views.</summary>
    public const string PoemTypeName = "PoetryReactor.Poem";

    /// <summary>The ErrorRecord for a failed task: the catalog entry of the Core error's kind, the address as target.</summary>
    public static ErrorRecord ErrorFor(Poem poem, Exception error)
    {
        if (error is not PoetryException pe)
            return ErrorRecords.Create(ErrorCatalog.PoetryFetchFailed, error, poem.Address);
        var message = poem.Bytes > 0
            ? $"{pe.Message} The partial poem ({poem.Bytes} bytes) is in the output with Complete = False."
            : null;
        return ErrorRecords.Create(ErrorCatalog.ForPoetry(pe.Kind), pe, poem.Address, message);
    }

    private void Detail(OutputItem item)
    {
        if (Queue.Count >= SoftCapacity)
        {
            Interlocked.Increment(ref _droppedDetail);
            return;
        }
        Queue.Post(item);
    }
}
