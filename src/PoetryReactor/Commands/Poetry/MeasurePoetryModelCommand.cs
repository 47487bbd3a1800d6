using System.Collections.Concurrent;
using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Core.Timeline;
using PoetryReactor.Errors;
using PoetryReactor.Poetry;

namespace PoetryReactor.Commands;

/// <summary>
/// Measure-PoetryModel: fetches the same servers once with each client model, one model after
/// another, and writes a <see cref="ModelMeasurement"/> per model: the total and CPU time, when
/// each task started, got its first byte and ended, and every chunk with the thread that handled
/// it. Failed tasks are non-terminating errors with the address as target, as in Get-Poetry.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "PoetryModel")]
[OutputType(typeof(ModelMeasurement))]
public sealed class MeasurePoetryModelCommand : PoetryFetchCmdlet
{
    // How long to wait, after a stop, for the client to close its sockets.
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    // A progress id per call, so concurrent calls do not share a bar.
    private static int _lastActivityId = 1_000_000;

    /// <summary>The extended type name measurements carry in PowerShell, which selects their view.</summary>
    public const string MeasurementTypeName = "PoetryReactor.ModelMeasurement";

    /// <summary>The client models to measure, in this order; all five by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public PoetryClientMode[] Mode { get; set; } = Enum.GetValues<PoetryClientMode>();

    protected override void EndProcessing()
    {
        if (Addresses.Count == 0) return;
        var modes = Mode.Distinct().ToArray();
        var showProgress = CmdletPreferences.ShowsProgress(this);
        var activity = new ProgressRecord(Interlocked.Increment(ref _lastActivityId), "Measure-PoetryModel", "starting");
        try
        {
            for (var i = 0; i < modes.Length; i++)
            {
                activity.StatusDescription = $"{modes[i]} ({i + 1} of {modes.Length})";
                activity.PercentComplete = i * 100 / modes.Length;
                if (showProgress) WriteProgress(activity);
                var (measurement, failed) = MeasureOne(modes[i]);
                foreach (var poem in failed)
                    WriteError(FetchReport.ErrorFor(poem, poem.Error!));
                var wrapped = new PSObject(measurement);
                wrapped.TypeNames.Insert(0, MeasurementTypeName);
                WriteObject(wrapped);
            }
        }
        finally
        {
            // Stopped or failed too: the bar must not stay on the screen.
            activity.RecordType = ProgressRecordType.Completed;
            try { if (showProgress) WriteProgress(activity); }
            catch (PipelineStoppedException) { }
        }
    }

    // One model's run; a stopped pipeline closes its sockets before this returns.
    private (ModelMeasurement, Poem[]) MeasureOne(PoetryClientMode mode)
    {
        var failed = new ConcurrentQueue<Poem>();
        var options = NewOptions();
        options.PoemCompleted = poem => { if (!poem.Complete) failed.Enqueue(poem); };
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(StopToken);
        var run = ModelMeter.MeasureAsync(CreateClient(mode), Addresses, options, cancel.Token);
        try
        {
            run.Wait(StopToken);
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            cancel.Cancel();
            try { run.Wait(CloseTimeout); }
            catch (AggregateException) { /* cancelled: the pipeline is stopping */ }
            throw new PipelineStoppedException();
        }
        catch (AggregateException e)
        {
            ThrowError(ErrorCatalog.PoetryFetchFailed, e.GetBaseException(), mode);
        }
        return (run.Result, failed.OrderBy(p => p.TaskNumber).ToArray());
    }
}
