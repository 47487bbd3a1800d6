using System.Net.Sockets;

namespace PoetryReactor.Core;

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
