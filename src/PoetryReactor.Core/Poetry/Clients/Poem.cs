namespace PoetryReactor.Core.Poetry.Clients;

/// <summary>
/// One fetched poem: an immutable record of what one task received and how.
/// Built by <see cref="PoemBuilder"/>; every client mode yields the same shape.
/// </summary>
/// <remarks>
/// The wire protocol has no length: a server that closes cleanly ends the poem, so a server
/// that stops early yields a <see cref="Complete"/> poem that is merely short. Only a reset
/// connection, a timeout, a size limit or a connect failure give <see cref="Complete"/> = false,
/// with <see cref="Error"/> set and whatever bytes arrived before it.
/// </remarks>
public sealed class Poem
{
    internal Poem(
        int taskNumber, string address, PoetryClientMode mode, byte[] content, int chunks,
        DateTimeOffset startTime, DateTimeOffset endTime, TimeSpan elapsed, DateTimeOffset? firstByteTime,
        IReadOnlyList<int> threadIds, Exception? error)
    {
        TaskNumber = taskNumber;
        Address = address;
        Mode = mode;
        Content = content;
        Chunks = chunks;
        StartTime = startTime;
        EndTime = endTime;
        Elapsed = elapsed;
        FirstByteTime = firstByteTime;
        ThreadIds = threadIds;
        Error = error;
        HasInvalidUtf8 = !System.Text.Unicode.Utf8.IsValid(content);
    }

    private string? _text;

    /// <summary>1-based position of the address in the request: the order connections are started.</summary>
    public int TaskNumber { get; }

    /// <summary>The server's address as <c>host:port</c>.</summary>
    public string Address { get; }

    /// <summary>Which client model fetched it.</summary>
    public PoetryClientMode Mode { get; }

    /// <summary>The number of bytes received.</summary>
    public int Bytes => Content.Length;

    /// <summary>The bytes received, decoded as UTF-8 once all had arrived (invalid bytes as U+FFFD).</summary>
    /// <remarks>
    /// Decoded when first read, not when the poem is built: a fetch of many poems whose text nobody
    /// reads then allocates half as much on the reactor thread (the UTF-16 text is twice the bytes),
    /// so collections come less often and copy less.
    /// </remarks>
    // Invalid sequences become U+FFFD: the default UTF8Encoding replaces rather than throws. Two
    // threads reading it first may both decode; they make equal strings.
    public string Text => _text ??= System.Text.Encoding.UTF8.GetString(Content);

    /// <summary>True when the bytes were not valid UTF-8 and <see cref="Text"/> holds replacements.</summary>
    public bool HasInvalidUtf8 { get; }

    /// <summary>How many reads delivered data.</summary>
    public int Chunks { get; }

    /// <summary>When the task started (before name resolution and connect).</summary>
    public DateTimeOffset StartTime { get; }

    /// <summary>When the task ended, successfully or not.</summary>
    public DateTimeOffset EndTime { get; }

    /// <summary>How long the task took, measured on a monotonic clock.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>When the first byte arrived, or null if none did.</summary>
    public DateTimeOffset? FirstByteTime { get; }

    /// <summary>True when the server closed the connection cleanly and nothing failed.</summary>
    public bool Complete => Error is null;

    /// <summary>Why the poem is incomplete (usually a <see cref="PoetryException"/>), or null.</summary>
    public Exception? Error { get; }

    /// <summary>The distinct managed thread ids that handled this poem's chunks, in first-use order.</summary>
    public IReadOnlyList<int> ThreadIds { get; }

    /// <summary>The raw bytes (kept internal so the record stays immutable; use <see cref="GetBytes"/>).</summary>
    internal byte[] Content { get; }

    /// <summary>Returns a copy of the bytes received.</summary>
    public byte[] GetBytes() => (byte[])Content.Clone();

    /// <inheritdoc />
    public override string ToString() =>
        $"Task {TaskNumber}: {Bytes} bytes from {Address} in {Elapsed.TotalSeconds:0.000} s" +
        (Complete ? "" : $" (incomplete: {Error!.Message})");
}
