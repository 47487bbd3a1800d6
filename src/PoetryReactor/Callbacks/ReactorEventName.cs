namespace PoetryReactor.Callbacks;

/// <summary>Which event a scriptblock callback runs for (<c>$_.Name</c>).</summary>
public enum ReactorEventName
{
    /// <summary>The reactor is running (Register-ReactorCallback Running).</summary>
    Running,
    /// <summary>The reactor is shutting down (Register-ReactorCallback Shutdown).</summary>
    Shutdown,
    /// <summary>A delayed or repeating call ran (Invoke-ReactorLater).</summary>
    Later,
    /// <summary>A connection was made.</summary>
    ConnectionMade,
    /// <summary>Bytes arrived on a connection.</summary>
    DataReceived,
    /// <summary>A connection closed.</summary>
    ConnectionLost,
    /// <summary>A whole line arrived on a connection (-OnLineReceived).</summary>
    LineReceived,
    /// <summary>Blocking work handed to Invoke-ReactorWorker ended (-OnComplete).</summary>
    WorkerCompleted,
}
