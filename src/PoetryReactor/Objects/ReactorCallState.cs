using System.Collections;
using PoetryReactor.Callbacks;
using PoetryReactor.Core;
using PoetryReactor.Core.Defer;

namespace PoetryReactor.Objects;

/// <summary>The life of a <see cref="ReactorCall"/>, as Twisted's IDelayedCall tells it.</summary>
public enum ReactorCallState
{
    /// <summary>Scheduled; for a looping call, still repeating.</summary>
    Pending,
    /// <summary>Has run (a looping call: has finished its runs, or stopped after a failed run).</summary>
    Called,
    /// <summary>Cancelled, or dropped when its reactor stopped.</summary>
    Cancelled,
}
