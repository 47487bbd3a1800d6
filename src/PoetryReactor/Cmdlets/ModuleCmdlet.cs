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

    /// <summary>Turns a cancelled wait into the pipeline's own stop.</summary>
    private protected void ThrowIfStopping()
    {
        if (StopToken.IsCancellationRequested) throw new PipelineStoppedException();
    }
}
