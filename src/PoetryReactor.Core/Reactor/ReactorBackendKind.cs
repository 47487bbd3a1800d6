namespace PoetryReactor.Core;

/// <summary>How the reactor waits for I/O readiness.</summary>
public enum ReactorBackendKind
{
    /// <summary>The backend named by the POETRYREACTOR_BACKEND environment variable, else Epoll on Linux and Select elsewhere.</summary>
    Default,
    /// <summary><c>Socket.Select</c>: portable, O(n) per wait (the tutorial's select loop).</summary>
    Select,
    /// <summary>Linux epoll by P/Invoke, level-triggered: O(ready) per wait, no per-event allocation.</summary>
    Epoll,
}
