using System.Diagnostics;

namespace PoetryReactor.Core.Defer;

/// <summary>A Deferred of any type, as the run loop sees it.</summary>
internal interface IChainable
{
    bool IsPaused { get; }

    /// <summary>Runs links until the chain is done, paused, or hands its result to another
    /// Deferred, which is returned so that its chain runs next.</summary>
    IChainable? RunLinks();

    /// <summary>Done for now: track or forget an unhandled failure.</summary>
    void Settle();

    void Cancel();
}
