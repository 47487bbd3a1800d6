using System.Net.Sockets;

namespace PoetryReactor.Core;

/// <summary>Receives readiness from a backend's wait.</summary>
internal interface IReadinessSink
{
    /// <summary>The handle of <paramref name="reg"/> is ready; error/hang-up counts as both.</summary>
    void Ready(Registration reg, bool readable, bool writable);

    /// <summary>The handle of <paramref name="reg"/> is no longer valid (closed behind the reactor's back).</summary>
    void Invalid(Registration reg, Exception reason);
}
