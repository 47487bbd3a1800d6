namespace PoetryReactor.Objects;

/// <summary>Where a <see cref="ReactorWorker"/> stands.</summary>
public enum ReactorWorkerState
{
    /// <summary>Waiting for a thread of the pool.</summary>
    Queued,
    /// <summary>Running on a thread of the pool.</summary>
    Running,
    /// <summary>Ran to the end.</summary>
    Completed,
    /// <summary>Ended with a terminating error.</summary>
    Failed,
    /// <summary>Stopped before it ended (Ctrl+C on the waiting cmdlet).</summary>
    Stopped,
}
