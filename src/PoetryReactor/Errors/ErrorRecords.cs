using System.Management.Automation;
using PoetryReactor.Core;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Hosting;

namespace PoetryReactor.Errors;

/// <summary>
/// The one place exceptions become ErrorRecords: the catalog entry's id and category, the target
/// object, the message with control characters escaped, and the entry's remedy as RecommendedAction.
/// </summary>
internal static class ErrorRecords
{
    /// <summary>A record of <paramref name="entry"/>; <paramref name="message"/> replaces the exception's message when given.</summary>
    public static ErrorRecord Create(ErrorEntry entry, Exception exception, object? target, string? message = null) =>
        Create(entry, entry.Category, exception, target, message);

    /// <summary>As <see cref="Create(ErrorEntry, Exception, object?, string?)"/> with a category that narrows the entry's (e.g. a timeout among connect failures).</summary>
    public static ErrorRecord Create(ErrorEntry entry, ErrorCategory category, Exception exception, object? target, string? message = null) =>
        new(exception, entry.Id, category, target)
        {
            ErrorDetails = new ErrorDetails(SafeText.Escape(message ?? exception.Message)) { RecommendedAction = entry.Remedy },
        };

    /// <summary>
    /// The record for an exception whose type says what failed: reactor state, delayed calls, a poetry
    /// failure, a bind. Anything else becomes <paramref name="fallback"/>.
    /// </summary>
    public static ErrorRecord FromException(Exception exception, object? target, ErrorEntry fallback)
    {
        var entry = exception switch
        {
            ReactorBusyException => ErrorCatalog.ReactorBusy,
            ReactorNotRunningException => ErrorCatalog.ReactorNotRunning,
            PoetryException pe => ErrorCatalog.ForPoetry(pe.Kind),
            CannotListenError when BindAddress.IsInUse(exception) => ErrorCatalog.PortInUse,
            CannotListenError when BindAddress.IsNotLocal(exception) => ErrorCatalog.InterfaceInvalid,
            CannotListenError => ErrorCatalog.ListenFailed,
            _ => fallback,
        };
        return Create(entry, exception, target);
    }

    /// <summary>A callback threw: ReactorCallbackFailed, the callback's origin in the message and as target, its own category when it had one.</summary>
    public static ErrorRecord CallbackFailed(string origin, Exception exception)
    {
        var inner = exception is RuntimeException { ErrorRecord: { } er } ? er.Exception : exception;
        var category = exception is RuntimeException { ErrorRecord: { } r } ? r.CategoryInfo.Category : ErrorCatalog.ReactorCallbackFailed.Category;
        return Create(ErrorCatalog.ReactorCallbackFailed, category, inner, origin, $"Callback {origin} failed: {inner.Message}");
    }
}
