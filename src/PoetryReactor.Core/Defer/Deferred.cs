namespace PoetryReactor.Core.Defer;

/// <summary>
/// An untyped Deferred (result <c>object?</c>), closest to Twisted's: a callback may return a
/// value of any type, or a Deferred, which the chain then waits on. Also home of the settings
/// and events shared by all Deferreds.
/// </summary>
public class Deferred : Deferred<object?>
{
    private static volatile bool _debug;

    /// <summary>Creates an unfired untyped Deferred; see <see cref="Deferred{T}(Action{Deferred{T}})"/>.</summary>
    public Deferred(Action<Deferred<object?>>? canceller = null) : base(canceller) { }

    /// <summary>
    /// When true, each Deferred created from now on records the stack trace of its creation
    /// and of its first firing, shown in unhandled-error reports and in
    /// <see cref="AlreadyCalledException"/>. Off by default: it is costly.
    /// </summary>
    public static bool Debug
    {
        get => _debug;
        set => _debug = value;
    }

    /// <summary>
    /// Raised for a failure that reached the end of a Deferred's chain with no errback to
    /// handle it: when that Deferred is garbage-collected (on the finalizer thread), or when
    /// <see cref="ReportUnhandled"/> flushes it. Handlers must be thread-safe and quick; an
    /// exception they throw is traced and dropped. With no handler the report goes to
    /// <see cref="System.Diagnostics.Trace"/>.
    /// </summary>
    public static event EventHandler<UnhandledDeferredErrorEventArgs>? UnhandledError
    {
        add => UnhandledErrors.Handlers += value;
        remove => UnhandledErrors.Handlers -= value;
    }

    /// <summary>
    /// Reports now, through <see cref="UnhandledError"/>, the unhandled failure of every
    /// Deferred still alive (for example when the reactor shuts down); each is reported once.
    /// </summary>
    /// <returns>How many failures were reported.</returns>
    public static int ReportUnhandled() => UnhandledErrors.ReportLive();

    /// <summary>A type's name as C# spells it: <c>Deferred&lt;String&gt;</c>.</summary>
    internal static string FriendlyName(Type type)
    {
        if (!type.IsGenericType) return type.Name;
        string name = type.Name;
        int tick = name.IndexOf('`');
        if (tick >= 0) name = name[..tick];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(FriendlyName))}>";
    }
}
