using PoetryReactor.Core.Poetry;

namespace PoetryReactor.Core.Timeline;

/// <summary>One task of a measured run. Offsets are from the start of the run.</summary>
/// <param name="TaskNumber">The task's 1-based number.</param>
/// <param name="Address">The server's address as <c>host:port</c>.</param>
/// <param name="Start">When the task started (before resolve and connect).</param>
/// <param name="FirstByte">When its first byte arrived, or null if none did.</param>
/// <param name="End">When it ended, successfully or not.</param>
/// <param name="Bytes">The bytes received.</param>
/// <param name="Complete">True when the server closed cleanly and nothing failed.</param>
public sealed record TaskTiming(
    int TaskNumber, string Address, TimeSpan Start, TimeSpan? FirstByte, TimeSpan End, int Bytes, bool Complete);
