namespace PoetryReactor.Objects;

/// <summary>When a callback registered by Register-ReactorCallback runs.</summary>
public enum ReactorCallbackWhen
{
    /// <summary>Once the reactor runs (Twisted's callWhenRunning); at once when it already does.</summary>
    Running,
    /// <summary>When the reactor stops, before connections close (a "before shutdown" trigger).</summary>
    Shutdown,
}
