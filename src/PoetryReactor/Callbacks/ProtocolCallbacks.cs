using PoetryReactor.Core.Net;

namespace PoetryReactor.Callbacks;

/// <summary>
/// The scriptblocks of a protocol (any may be null) and how lines are cut for <see cref="LineReceived"/>:
/// the delimiter, which <c>$_.Transport.WriteLine</c> also writes, and the longest line taken; and where
/// events go under -SourceIdentifier.
/// </summary>
internal sealed record ProtocolCallbacks(
    ScriptCallback? ConnectionMade, ScriptCallback? DataReceived, ScriptCallback? ConnectionLost,
    ScriptCallback? LineReceived = null, string Delimiter = "\n", int MaxLineLength = Core.Net.LineSplitter.DefaultMaxLength,
    EventForwarder? Forwarder = null)
{
    /// <summary>True when lines are wanted: by a scriptblock, or by the session's event queue.</summary>
    public bool WantsLines => LineReceived is not null || Forwarder is not null;
}
