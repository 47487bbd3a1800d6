using System.Diagnostics;

namespace PoetryReactor.Core;

/// <summary>The reactor's notion of time: seconds on a monotonic scale (never wall time).</summary>
public interface IReactorClock
{
    /// <summary>Now, in seconds. Never decreases.</summary>
    double Now { get; }
}
