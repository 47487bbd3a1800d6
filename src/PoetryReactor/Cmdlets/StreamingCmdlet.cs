using System.Management.Automation;
using PoetryReactor.Callbacks;
using PoetryReactor.Hosting;

namespace PoetryReactor.Cmdlets;

/// <summary>
/// Base of the cmdlets that stream results made on other threads: the one wait loop that writes
/// records from an <see cref="OutputQueue"/> on this cmdlet's pipeline thread as they arrive.
/// </summary>
public abstract class StreamingCmdlet : ReactorCmdlet
{
    /// <summary>Writes one record to the stream its kind names. Pipeline thread only.</summary>
    private protected void Write(OutputItem item)
    {
        switch (item.Kind)
        {
            case OutputKind.Object: WriteObject(item.Value()); break;
            case OutputKind.Error: WriteError((ErrorRecord)item.Payload!); break;
            case OutputKind.Warning: WriteWarning((string)item.Payload!); break;
            case OutputKind.Verbose: WriteVerbose((string)item.Payload!); break;
            case OutputKind.Debug: WriteDebug((string)item.Payload!); break;
            case OutputKind.Information: WriteInformation((InformationRecord)item.Payload!); break;
            case OutputKind.Progress: WriteProgress((ProgressRecord)item.Payload!); break;
        }
    }

    /// <summary>
    /// The wait loop: writes records from <paramref name="queue"/> as they arrive until it is completed
    /// (true), <paramref name="until"/> is cancelled (true, after writing what the queue already holds), or
    /// <paramref name="timeout"/> passes (false). A stopped pipeline ends it with PipelineStoppedException.
    /// Records the queue had to drop are reported as one warning per batch.
    /// </summary>
    private protected bool Pump(OutputQueue queue, TimeSpan timeout, CancellationToken until = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(StopToken, until);
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
                catch (OperationCanceledException) when (!StopToken.IsCancellationRequested)
                {
                    Drain(queue);
                    return true;
                }
                ReportDropped(queue);
                if (took) Write(item);
                else return !timedOut;
            }
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>
    /// Streams the records of work running on <paramref name="host"/> (a call, connections) until
    /// <paramref name="sink"/> completes, the reactor stops, or <paramref name="timeout"/> passes (false).
    /// On Ctrl+C <paramref name="abandon"/> runs on the reactor thread (cancel the call, close the
    /// connections), and in every case what the work still writes goes on to the event queue.
    /// </summary>
    private protected bool StreamFromReactor(ReactorHost host, OutputQueue sink, TimeSpan timeout, Action abandon)
    {
        var stopped = true;
        try
        {
            var finished = Pump(sink, timeout, host.StoppedToken);
            stopped = false;
            return finished;
        }
        finally
        {
            if (stopped) host.Post(_ => abandon());
            sink.RedirectTo(host.Events);
        }
    }

    /// <summary>Writes what <paramref name="queue"/> holds now, without waiting (at most its capacity, so a flood cannot hold it).</summary>
    private protected void Drain(OutputQueue queue)
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
