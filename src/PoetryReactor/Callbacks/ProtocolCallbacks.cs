namespace PoetryReactor.Callbacks;

/// <summary>
/// The scriptblocks of a protocol (any may be null) and how lines are cut for <see cref="LineReceived"/>:
/// the delimiter, which <c>$_.Transport.WriteLine</c> also writes, and the longest line taken.
/// </summary>
internal sealed record ProtocolCallbacks(
    ScriptCallback? ConnectionMade, ScriptCallback? DataReceived, ScriptCallback? ConnectionLost,
    ScriptCallback? LineReceived = null, string Delimiter = "\n", int MaxLineLength = Core.Net.LineSplitter.DefaultMaxLength);
