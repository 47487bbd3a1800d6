namespace PoetryReactor.Core;

/// <summary>Work queued for the reactor thread that must hear it will never run (the reactor finished first).</summary>
internal interface IAbandonable
{
    /// <summary>The reactor finished before running the work; <paramref name="reason"/> says so.</summary>
    void Abandon(Exception reason);
}
