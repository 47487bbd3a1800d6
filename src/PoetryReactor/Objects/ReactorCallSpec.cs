namespace PoetryReactor.Objects;

/// <summary>
/// What Invoke-ReactorLater asks for: a name, the delay (the interval for a repeating call), whether it
/// repeats, at most how many runs, whether the first run is at once, and whether a failed run stops it.
/// </summary>
internal sealed record ReactorCallSpec(string? Name, double Delay, bool Repeat = false, long? MaxCount = null,
    bool Now = false, bool ContinueOnError = false);
