using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;
using PoetryReactor.Callbacks;
using PoetryReactor.Errors;

namespace PoetryReactor.Cmdlets;

/// <summary>
/// Base of the cmdlets that hand scriptblocks to the reactor: each is captured on the pipeline thread
/// (its text, arguments and <c>$using:</c> values) to run later in the reactor's own runspace.
/// </summary>
public abstract class CallbackCmdlet : StreamingCmdlet
{
    /// <summary>
    /// Also raises each event in this session's event queue under this name, as New-Event does:
    /// Wait-Event, Get-Event and Register-EngineEvent -Action see it; its MessageData is the event the
    /// scriptblock sees as <c>$_</c>.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SourceIdentifier { get; set; }

    /// <summary>The forwarder for -SourceIdentifier, or null without it.</summary>
    private protected EventForwarder? NewForwarder() => SourceIdentifier is null ? null : new EventForwarder(Events, SourceIdentifier);

    /// <summary>Captures <paramref name="block"/> with its arguments and <c>$using:</c> values; false (and an error) when it cannot.</summary>
    private protected bool TryCapture(ScriptBlock block, object?[]? arguments, string parameterName, [NotNullWhen(true)] out ScriptCallback? callback)
    {
        try
        {
            callback = ScriptCallback.Capture(this, block, arguments, parameterName);
            return true;
        }
        catch (ArgumentException ex)
        {
            WriteError(ErrorCatalog.ReactorCallbackInvalid, ex, block);
            callback = null;
            return false;
        }
    }
}
