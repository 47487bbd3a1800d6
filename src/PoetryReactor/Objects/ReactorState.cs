using PoetryReactor.Core;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Objects;

/// <summary>Where a module reactor is in its life.</summary>
public enum ReactorState
{
    /// <summary>The loop runs.</summary>
    Running,
    /// <summary>A stop was asked for; shutdown triggers run, connections close.</summary>
    Stopping,
    /// <summary>The loop thread has ended. A stopped reactor never runs again; the next cmdlet that needs one starts a new one.</summary>
    Stopped,
}
