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
    protected bool Pump(OutputQueue queue, TimeSpan timeout) => Pump(queue, timeout, CancellationToken.None);

    /// <summary>
    /// As <see cref="Pump(OutputQueue, TimeSpan)"/>, and also ends (true) when <paramref name="until"/> is
    /// cancelled, after writing what the queue already holds.
    /// </summary>
    protected bool Pump(OutputQueue queue, TimeSpan timeout, CancellationToken until)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(Stopping, until);
        try
        {
            while (true)
            {
                var left = timeout == Timeout.InfiniteTimeSpan ? timeout : TimeSpan.FromTicks(Math.Max(0, (timeout - clock.Elapsed).Ticks));
                bool took, timedOut;
                OutputItem item;
                try
                {
                    took = queue.TryTake(out item, left, either.Token, out timedOut);
                }
                catch (OperationCanceledException) when (!Stopping.IsCancellationRequested)
                {
                    Drain(queue);
                    return true;
                }
                ReportDropped(queue);
                if (took) Write(item);
                else return !timedOut;
            }
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Writes what <paramref name="queue"/> holds now, without waiting (at most its capacity, so a flood cannot hold it).</summary>
    protected void Drain(OutputQueue queue)
    {
        for (var i = 0; i < queue.Capacity && queue.TryTake(out var item, TimeSpan.Zero, CancellationToken.None, out _); i++) Write(item);
        ReportDropped(queue);
    }

    private void ReportDropped(OutputQueue queue)
    {
        var dropped = queue.TakeNewlyDropped();
        if (dropped > 0)
            WriteWarning($"{dropped} callback record(s) were dropped: the queue holds at most {queue.Capacity}.");
    }
}
