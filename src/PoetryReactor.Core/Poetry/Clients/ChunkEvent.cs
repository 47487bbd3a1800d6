namespace PoetryReactor.Core.Poetry.Clients;

/// <summary>One read that delivered data, reported as it happens.</summary>
/// <param name="TaskNumber">The task's 1-based number.</param>
/// <param name="Address">The server's address as <c>host:port</c>.</param>
/// <param name="Bytes">How many bytes this read delivered.</param>
/// <param name="Timestamp">When it was read.</param>
/// <param name="ThreadId">The managed thread that read it.</param>
/// <param name="TotalBytes">The task's bytes so far, this chunk included.</param>
public sealed record ChunkEvent(
    int TaskNumber, string Address, int Bytes, DateTimeOffset Timestamp, int ThreadId, int TotalBytes);
