using System.Net.Sockets;

namespace PoetryReactor.Core;

/// <summary>
/// A readiness mechanism. All members except <see cref="Wake"/> are called on the reactor thread.
/// The backend owns its waker; it never reaches the sink.
/// </summary>
internal interface IReactorBackend : IDisposable
{
    ReactorBackendKind Kind { get; }

    /// <summary>Starts watching <paramref name="reg"/> for its current interest (not None).</summary>
    void Add(Registration reg);

    /// <summary>The interest of <paramref name="reg"/> changed (still not None).</summary>
    void Modify(Registration reg);

    /// <summary>Stops watching <paramref name="reg"/>.</summary>
    void Remove(Registration reg);

    /// <summary>Drops a registration whose handle is being closed, without telling the kernel (closing does).</summary>
    void Forget(Registration reg);

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> (-1 = no limit, 0 = poll) for readiness or a wake,
    /// reporting each ready registration to <paramref name="sink"/>. Returns how many were reported.
    /// </summary>
    int Wait(int timeoutMs, IReadinessSink sink);

    /// <summary>Makes a current or the next <see cref="Wait"/> return at once. Thread-safe.</summary>
    void Wake();
}
