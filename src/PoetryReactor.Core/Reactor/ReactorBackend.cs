using System.Net.Sockets;

namespace PoetryReactor.Core;

/// <summary>How the reactor waits for I/O readiness.</summary>
public enum ReactorBackendKind
{
    /// <summary>Epoll on Linux, Select elsewhere.</summary>
    Default,
    /// <summary><c>Socket.Select</c>: portable, O(n) per wait (the tutorial's select loop).</summary>
    Select,
    /// <summary>Linux epoll by P/Invoke, level-triggered: O(ready) per wait, no per-event allocation.</summary>
    Epoll,
}

/// <summary>Which interest a registration has.</summary>
[Flags]
internal enum Interest : byte { None = 0, Read = 1, Write = 2 }

/// <summary>One watched OS handle: the reader and writer registered for it.</summary>
internal sealed class Registration
{
    public Registration(nint fd) => Fd = fd;

    /// <summary>The handle captured at registration (a descriptor's Fileno may change once it closes).</summary>
    public nint Fd { get; }
    public IReadDescriptor? Reader { get; set; }
    public IWriteDescriptor? Writer { get; set; }

    /// <summary>Set once the registration has left the backend; late events for it are ignored.</summary>
    public bool Removed { get; set; }

    /// <summary>The socket the Select backend waits on (the descriptor's own, or a wrapper it disposes).</summary>
    public Socket? SelectSocket { get; set; }
    public bool OwnsSelectSocket { get; set; }

    public Interest Interest =>
        (Reader is null ? Interest.None : Interest.Read) | (Writer is null ? Interest.None : Interest.Write);

    public IFileDescriptor? Any => (IFileDescriptor?)Reader ?? Writer;
}

/// <summary>Receives readiness from a backend's wait.</summary>
internal interface IReadinessSink
{
    /// <summary>The handle of <paramref name="reg"/> is ready; error/hang-up counts as both.</summary>
    void Ready(Registration reg, bool readable, bool writable);

    /// <summary>The handle of <paramref name="reg"/> is no longer valid (closed behind the reactor's back).</summary>
    void Invalid(Registration reg, Exception reason);
}

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

internal static class ReactorBackends
{
    public static ReactorBackendKind Resolve(ReactorBackendKind kind) => kind switch
    {
        ReactorBackendKind.Default => OperatingSystem.IsLinux() ? ReactorBackendKind.Epoll : ReactorBackendKind.Select,
        ReactorBackendKind.Select or ReactorBackendKind.Epoll => kind,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown reactor backend."),
    };

    public static IReactorBackend Create(ReactorBackendKind kind) => Resolve(kind) switch
    {
        ReactorBackendKind.Epoll when OperatingSystem.IsLinux() => new EpollBackend(),
        ReactorBackendKind.Epoll => throw new PlatformNotSupportedException("The Epoll backend needs Linux."),
        _ => new SelectBackend(),
    };
}
