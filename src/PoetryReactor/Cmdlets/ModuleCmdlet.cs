using System.Management.Automation;
using PoetryReactor.Errors;

namespace PoetryReactor.Cmdlets;

/// <summary>
/// Base of every cmdlet of the module: a token cancelled when the pipeline is stopped (Ctrl+C,
/// Select-Object -First, PowerShell.Stop), and errors written from the catalog.
/// </summary>
public abstract class ModuleCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Cancelled when the pipeline is stopped; every wait of the cmdlet honours it.</summary>
    protected CancellationToken StopToken => _stop.Token;

    protected override void StopProcessing() => _stop.Cancel();

    public void Dispose()
    {
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes a non-terminating error of <paramref name="entry"/>.</summary>
    private protected void WriteError(ErrorEntry entry, Exception exception, object? target, string? message = null) =>
        WriteError(ErrorRecords.Create(entry, exception, target, message));

    /// <summary>Ends the cmdlet with a terminating error of <paramref name="entry"/>.</summary>
    private protected void ThrowError(ErrorEntry entry, Exception exception, object? target, string? message = null) =>
        ThrowTerminatingError(ErrorRecords.Create(entry, exception, target, message));

    /// <summary>
    /// False, and a PipelineInputInvalid error, when the object now in the pipeline is of another type
    /// than the module's own (<paramref name="accepted"/>) or a plain record: its properties were bound to
    /// -Id, -Name, -Port or -Address only because their names match. True with no pipeline input.
    /// </summary>
    private protected bool PipedObjectFits(params Type[] accepted)
    {
        var piped = PipedObject.Value(this);
        if (piped is null) return true;
        var value = piped.BaseObject;
        if (value is PSCustomObject || value is System.Collections.IDictionary || value is string || accepted.Any(t => t.IsInstanceOfType(value))) return true;
        WriteError(ErrorCatalog.PipelineInputInvalid, new ArgumentException(
            $"{MyInvocation.MyCommand.Name} passed over a {value.GetType().FullName} from the pipeline: it binds -Id, -Name, -Port and -Address by property name only from {string.Join(", ", accepted.Select(t => t.Name))} objects and plain records."), value);
        return false;
    }

    /// <summary>What a Get- or Stop- family says of an id, port or name that matches nothing: "No {noun} has {what}. {lister} lists them."</summary>
    internal Action<string, object> NotFound(ErrorEntry entry, string noun, string lister) =>
        (what, value) => WriteError(entry, new ItemNotFoundException($"No {noun} has {what}. {lister} lists them."), value);

    /// <summary>Turns a cancelled wait into the pipeline's own stop.</summary>
    private protected void ThrowIfStopping()
    {
        if (StopToken.IsCancellationRequested) throw new PipelineStoppedException();
    }
}
