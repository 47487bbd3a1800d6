using System.Collections.Concurrent;
using System.Management.Automation;
using PoetryReactor.Callbacks;
using PoetryReactor.Cmdlets;
using PoetryReactor.Core.Net;
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
[Cmdlet(VerbsDiagnostic.Measure, "PoetryModel", HelpUri = HelpLinks.Docs + "Measure-PoetryModel.md")]
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
        var clients = modes.Select(CreateClient).ToArray();
        var addresses = Addresses.ToArray();
        var options = NewOptionsFactory();
        if (AsJob)
        {
            StartJob(job => MeasureAll(clients, addresses, options, showProgress, job.Write, job.Token));
            return;
        }
        try
        {
            MeasureAll(clients, addresses, options, showProgress, Write, StopToken);
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (AggregateException e)
        {
            ThrowError(ErrorCatalog.PoetryFetchFailed, e.GetBaseException(), null);
        }
    }

    // One model after another, each written through emit as it is measured; the progress bar is closed
    // whether the run finished, failed or was cancelled. A cancelled run has closed its sockets when it throws.
    private static void MeasureAll(IPoetryClient[] clients, HostPort[] addresses, Func<PoetryClientOptions> options,
        bool showProgress, Action<OutputItem> emit, CancellationToken token)
    {
        var activity = new ProgressRecord(Interlocked.Increment(ref _lastActivityId), "Measure-PoetryModel", "starting");
        try
        {
            for (var i = 0; i < clients.Length; i++)
            {
                activity.StatusDescription = $"{clients[i].Mode} ({i + 1} of {clients.Length})";
                activity.PercentComplete = i * 100 / clients.Length;
                if (showProgress) emit(new OutputItem(OutputKind.Progress, activity));
                var (measurement, failed) = MeasureOne(clients[i], addresses, options(), token);
                foreach (var poem in failed)
                    emit(OutputItem.Error(FetchReport.ErrorFor(poem, poem.Error!)));
                var wrapped = new PSObject(measurement);
                wrapped.TypeNames.Insert(0, MeasurementTypeName);
                emit(OutputItem.Object(wrapped));
            }
        }
        finally
        {
            // Stopped or failed too: the bar must not stay on the screen.
            activity.RecordType = ProgressRecordType.Completed;
            try { if (showProgress) emit(new OutputItem(OutputKind.Progress, activity)); }
            catch (PipelineStoppedException) { }
        }
    }

    // One model's run; a cancelled run closes its sockets before this throws.
    private static (ModelMeasurement, Poem[]) MeasureOne(IPoetryClient client, HostPort[] addresses, PoetryClientOptions options, CancellationToken token)
    {
        var failed = new ConcurrentQueue<Poem>();
        options.PoemCompleted = poem => { if (!poem.Complete) failed.Enqueue(poem); };
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(token);
        var run = ModelMeter.MeasureAsync(client, addresses, options, cancel.Token);
        try
        {
            run.Wait(token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            cancel.Cancel();
            try { run.Wait(CloseTimeout); }
            catch (AggregateException) { /* cancelled: the caller is stopping */ }
            throw;
        }
        return (run.Result, failed.OrderBy(p => p.TaskNumber).ToArray());
    }
}
