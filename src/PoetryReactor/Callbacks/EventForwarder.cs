using System.Management.Automation;

namespace PoetryReactor.Callbacks;

/// <summary>
/// Raises each reactor event of a call, callback or connection in the event queue of the runspace that
/// asked for it (-SourceIdentifier), as New-Event does there: Wait-Event, Get-Event,
/// Register-EngineEvent -Action and Unregister-Event then work as for Register-ObjectEvent. The event's
/// MessageData is the <see cref="ReactorEvent"/> the scriptblock would see as <c>$_</c>; its Sender is the
/// object the cmdlet returned. PowerShell's event manager takes events from any thread.
/// </summary>
internal sealed class EventForwarder
{
    private readonly PSEventManager _events;

    public EventForwarder(PSEventManager events, string sourceIdentifier)
    {
        _events = events;
        SourceIdentifier = sourceIdentifier;
    }

    /// <summary>The name the events are raised under.</summary>
    public string SourceIdentifier { get; }

    /// <summary>Raises <paramref name="e"/> from <paramref name="sender"/>; a closed runspace takes nothing and that is no error of the reactor's.</summary>
    public void Raise(object? sender, ReactorEvent e)
    {
        try
        {
            // Queued here, in the reactor's order: from another thread the default hands each event to
            // the thread pool on its own, and they reach the queue in any order.
            _events.GenerateEvent(SourceIdentifier, sender, new object[] { e }, PSObject.AsPSObject(e),
                processInCurrentThread: true, waitForCompletionInCurrentThread: false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or PSInvalidOperationException)
        {
            // The runspace that asked is gone: nobody is left to hear.
        }
    }
}
