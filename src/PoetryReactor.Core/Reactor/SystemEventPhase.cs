namespace PoetryReactor.Core;

/// <summary>The phases of a system event, run in this order.</summary>
public enum SystemEventPhase
{
    /// <summary>First; a trigger may return a Task, and the later phases wait for it.</summary>
    Before,
    /// <summary>The event itself.</summary>
    During,
    /// <summary>Last.</summary>
    After,
}
