namespace PoetryReactor.Callbacks;

/// <summary>The scriptblocks of a protocol: any may be null.</summary>
internal sealed record ProtocolCallbacks(ScriptCallback? ConnectionMade, ScriptCallback? DataReceived, ScriptCallback? ConnectionLost);
