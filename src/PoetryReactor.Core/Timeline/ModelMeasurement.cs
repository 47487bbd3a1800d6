using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;

namespace PoetryReactor.Core.Timeline;

/// <summary>
/// What one client model did on a set of servers: when each task started, got its first byte
/// and ended, every chunk with the thread that handled it, the total time and the CPU time the
/// process used. The material of the tutorial's Part 1 figures, measured.
/// </summary>
public sealed class ModelMeasurement
{
    /// <summary>Builds a measurement; tasks are kept in task-number order and chunks in time order.</summary>
    public ModelMeasurement(
        PoetryClientMode mode, DateTimeOffset startTime, TimeSpan totalTime, TimeSpan? cpuTime,
        IEnumerable<TaskTiming> tasks, IEnumerable<ChunkTiming> chunks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalTime, TimeSpan.Zero);
        Mode = mode;
        StartTime = startTime;
        TotalTime = totalTime;
        CpuTime = cpuTime;
        Tasks = tasks.OrderBy(t => t.TaskNumber).ToArray();
        Chunks = chunks.OrderBy(c => c.Offset).ToArray();
        ThreadIds = Chunks.Select(c => c.ThreadId).Distinct().ToArray();
    }

    /// <summary>The client model measured.</summary>
    public PoetryClientMode Mode { get; }

    /// <summary>When the run started: the origin of every offset.</summary>
    public DateTimeOffset StartTime { get; }

    /// <summary>How long the whole run took.</summary>
    public TimeSpan TotalTime { get; }

    /// <summary>CPU time the whole process used during the run, or null when not measured.</summary>
    public TimeSpan? CpuTime { get; }

    /// <summary>One record per task, by task number.</summary>
    public IReadOnlyList<TaskTiming> Tasks { get; }

    /// <summary>Every chunk received, in time order.</summary>
    public IReadOnlyList<ChunkTiming> Chunks { get; }

    /// <summary>The distinct managed threads that handled chunks, in first-use order.</summary>
    public IReadOnlyList<int> ThreadIds { get; }

    /// <summary>The task numbers in the order the tasks ended.</summary>
    public IReadOnlyList<int> CompletionOrder => Tasks.OrderBy(t => t.End).Select(t => t.TaskNumber).ToArray();

    /// <inheritdoc />
    public override string ToString() =>
        $"{Mode}: {Tasks.Count} task(s), {Chunks.Count} chunk(s) in {TotalTime.TotalSeconds:0.000} s";

    /// <summary>
    /// A measurement from a run's poems and chunk events, all from the same client model:
    /// offsets from <paramref name="startTime"/>.
    /// </summary>
    public static ModelMeasurement FromRun(
        PoetryClientMode mode, DateTimeOffset startTime, TimeSpan totalTime, TimeSpan? cpuTime,
        IEnumerable<Poem> poems, IEnumerable<ChunkEvent> chunks)
    {
        ArgumentNullException.ThrowIfNull(poems);
        ArgumentNullException.ThrowIfNull(chunks);
        var tasks = poems.Select(p => new TaskTiming(
            p.TaskNumber, p.Address, p.StartTime - startTime, p.FirstByteTime - startTime,
            p.EndTime - startTime, p.Bytes, p.Complete));
        var timings = chunks.Select(c => new ChunkTiming(c.TaskNumber, c.Timestamp - startTime, c.Bytes, c.ThreadId));
        return new ModelMeasurement(mode, startTime, totalTime, cpuTime, tasks, timings);
    }

    /// <summary>
    /// Measurements rebuilt from poems and chunk events collected without a meter (such as the
    /// output of <c>Get-Poetry -IncludeChunk</c>): one per client model, starting at its first
    /// task's start. A chunk belongs to the poem with its address and task number whose time
    /// span holds it; chunks that match no poem are left out. No CPU time is known.
    /// </summary>
    public static IReadOnlyList<ModelMeasurement> FromPoems(IEnumerable<Poem> poems, IEnumerable<ChunkEvent> chunks)
    {
        ArgumentNullException.ThrowIfNull(poems);
        ArgumentNullException.ThrowIfNull(chunks);
        Poem[] all = poems.ToArray();
        ChunkEvent[] events = chunks.ToArray();
        var result = new List<ModelMeasurement>();
        foreach (var group in all.GroupBy(p => p.Mode).OrderBy(g => g.Key))
        {
            DateTimeOffset start = group.Min(p => p.StartTime);
            DateTimeOffset end = group.Max(p => p.EndTime);
            var mine = events.Where(c => group.Any(p =>
                p.TaskNumber == c.TaskNumber && p.Address == c.Address &&
                c.Timestamp >= p.StartTime && c.Timestamp <= p.EndTime));
            result.Add(FromRun(group.Key, start, end - start, null, group, mine));
        }
        return result;
    }
}
