using PoetryReactor.Core.Poetry;

namespace PoetryReactor.Core.Timeline;

/// <summary>One read that delivered data, during a measured run.</summary>
/// <param name="TaskNumber">The task it belongs to.</param>
/// <param name="Offset">When it was read, from the start of the run.</param>
/// <param name="Bytes">How many bytes it delivered.</param>
/// <param name="ThreadId">The managed thread that handled it.</param>
public sealed record ChunkTiming(int TaskNumber, TimeSpan Offset, int Bytes, int ThreadId);
