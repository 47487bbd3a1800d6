namespace PoetryReactor.Core;

/// <summary>How to build a <see cref="Reactor"/>. Every member has a sensible default.</summary>
public sealed class ReactorOptions
{
    /// <summary>The readiness backend; <see cref="ReactorBackendKind.Default"/> picks Epoll on Linux, Select elsewhere.</summary>
    public ReactorBackendKind Backend { get; set; } = ReactorBackendKind.Default;

    /// <summary>The clock for delayed calls; null means <see cref="MonotonicClock"/>.</summary>
    public IReactorClock? Clock { get; set; }

    /// <summary>Where caught callback errors go; null means standard error (<see cref="TextWriterReactorLog"/>).</summary>
    public IReactorLog? Log { get; set; }

    /// <summary>
    /// How long shutdown waits for the Tasks returned by "before shutdown" triggers before it
    /// goes on anyway (with a warning). Real time, whatever the clock.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
