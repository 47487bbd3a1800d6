namespace PoetryReactor.Core;

/// <summary>Chooses and makes a reactor's backend.</summary>
internal static class ReactorBackends
{
    /// <summary>
    /// Names the backend <see cref="ReactorBackendKind.Default"/> stands for, for every reactor of the
    /// process: a test run, or an admin on a platform where the fast backend misbehaves, sets it once.
    /// </summary>
    public const string Variable = "POETRYREACTOR_BACKEND";

    /// <summary>What <paramref name="kind"/> means here: Default is the variable's backend, else Epoll on Linux and Select elsewhere.</summary>
    /// <exception cref="InvalidOperationException">The variable names no backend.</exception>
    public static ReactorBackendKind Resolve(ReactorBackendKind kind) => kind switch
    {
        ReactorBackendKind.Default => FromVariable() ?? (OperatingSystem.IsLinux() ? ReactorBackendKind.Epoll : ReactorBackendKind.Select),
        ReactorBackendKind.Select or ReactorBackendKind.Epoll => kind,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown reactor backend."),
    };

    public static IReactorBackend Create(ReactorBackendKind kind) => Resolve(kind) switch
    {
        ReactorBackendKind.Epoll when OperatingSystem.IsLinux() => new EpollBackend(),
        ReactorBackendKind.Epoll => throw new PlatformNotSupportedException("The Epoll backend needs Linux; the Select backend runs everywhere."),
        _ => new SelectBackend(),
    };

    private static ReactorBackendKind? FromVariable()
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (Enum.TryParse<ReactorBackendKind>(text.Trim(), ignoreCase: true, out var kind) && kind != ReactorBackendKind.Default
            && Enum.IsDefined(kind) && !int.TryParse(text, out _))
            return kind;
        throw new InvalidOperationException($"{Variable}='{text}' names no reactor backend: use Select or Epoll, or leave it unset.");
    }
}
