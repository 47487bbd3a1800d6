using System.Management.Automation;
using PoetryReactor.Callbacks;

namespace PoetryReactor;

/// <summary>
/// Base of the module's cmdlets: a cancellation token cancelled by StopProcessing (Ctrl+C,
/// Select-Object -First, PowerShell.Stop), and the pump that writes records made on the reactor
/// thread from this cmdlet's own pipeline thread.
/// </summary>
public abstract class ReactorCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the pipeline is stopped.</summary>
    protected new CancellationToken Stopping => _stopping.Token;

    protected override void StopProcessing() => _stopping.Cancel();

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes one record to the stream its kind names. Pipeline thread only.</summary>
    protected void Write(OutputItem item)
    {
        switch (item.Kind)
        {
            case OutputKind.Object: WriteObject(item.Payload); break;
            case OutputKind.Error: WriteError((ErrorRecord)item.Payload!); break;
            case OutputKind.Warning: WriteWarning((string)item.Payload!); break;
            case OutputKind.Verbose: WriteVerbose((string)item.Payload!); break;
            case OutputKind.Information: WriteInformation((InformationRecord)item.Payload!); break;
            case OutputKind.Progress: WriteProgress((ProgressRecord)item.Payload!); break;
        }
    }

    /// <summary>
    /// Writes records from <paramref name="queue"/> as they arrive until it is completed (true) or
    /// <paramref name="timeout"/> passes (false). A stopped pipeline ends it with PipelineStoppedException.
    /// Records the queue had to drop are reported as one warning per batch.
    /// </summary>
    protected bool Pump(OutputQueue queue, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            while (true)
            {
                var left = timeout == Timeout.InfiniteTimeSpan ? timeout : TimeSpan.FromTicks(Math.Max(0, (timeout - clock.Elapsed).Ticks));
                var took = queue.TryTake(out var item, left, Stopping, out var timedOut);
                var dropped = queue.TakeNewlyDropped();
                if (dropped > 0)
                    WriteWarning($"{dropped} callback record(s) were dropped: the queue holds at most {queue.Capacity}.");
                if (took) Write(item);
                else return !timedOut;
            }
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }
}
