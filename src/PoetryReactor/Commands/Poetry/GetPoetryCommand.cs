using System.Management.Automation;
using PoetryReactor.Callbacks;
using PoetryReactor.Cmdlets;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Errors;
using PoetryReactor.Objects;
using PoetryReactor.Poetry;

namespace PoetryReactor.Commands;

/// <summary>
/// Get-Poetry: fetches a poem from every address at once with the chosen client model and writes
/// each <see cref="Poem"/> the moment it completes. Pipeline input is collected first, so every
/// address is fetched concurrently (except in Blocking mode, which is one after another by
/// design). A failed task is a non-terminating error with the address as target; its partial
/// poem, if any bytes arrived, is written with Complete = False. Stopping the pipeline closes
/// every socket the fetch opened before the cmdlet returns.
/// </summary>
[Cmdlet(VerbsCommon.Get, "Poetry", HelpUri = HelpLinks.Docs + "Get-Poetry.md")]
[OutputType(typeof(Poem), typeof(ChunkEvent))]
public sealed class GetPoetryCommand : PoetryFetchCmdlet
{
    // How long to wait, after a stop, for the client to close its sockets.
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    private static int _lastActivityId;

    // A block of progress ids per call (overall bar + one per task), so concurrent calls do not share bars.
    private static int NextActivityIds(int tasks) => Interlocked.Add(ref _lastActivityId, tasks + 1) - tasks;

    /// <summary>The client model: Protocol (default), Reader, Select, Threaded or Blocking.</summary>
    [Parameter]
    public PoetryClientMode Mode { get; set; } = PoetryClientMode.Protocol;

    /// <summary>Also writes a <see cref="ChunkEvent"/> for every read that delivered data.</summary>
    [Parameter]
    public SwitchParameter IncludeChunk { get; set; }

    protected override void EndProcessing()
    {
        if (Addresses.Count == 0) return;
        var report = new FetchReport(Addresses.Count, NextActivityIds(Addresses.Count),
            CmdletPreferences.IsVerbose(this), IncludeChunk.IsPresent) { ShowProgress = CmdletPreferences.ShowsProgress(this) };
        var options = NewOptions();
        options.ChunkReceived = report.OnChunk;
        options.PoemCompleted = report.OnPoem;
        var client = CreateClient(Mode);
        if (AsJob)
        {
            var addresses = Addresses.ToArray();
            StartJob(job => FetchInJob(job, client, addresses, options, report));
            return;
        }
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(StopToken);
        if (report.ShowProgress)
            WriteProgress(report.Overall(0));
        var fetch = client.FetchAsync(Addresses, options, cancel.Token);
        fetch.ContinueWith(_ => report.Queue.Complete(), TaskScheduler.Default);
        try
        {
            Pump(report.Queue, Timeout.InfiniteTimeSpan);
            if (report.DroppedDetail > 0)
                WriteWarning($"{report.DroppedDetail} progress, verbose or chunk record(s) were dropped because the pipeline did not keep up; every poem was written.");
            if (fetch.IsFaulted)
                ThrowError(ErrorCatalog.PoetryFetchFailed, fetch.Exception!.GetBaseException(), null);
            WriteVerbose($"Got {report.Done} poem(s) in {watch.Elapsed.TotalSeconds:0.000} s");
        }
        finally
        {
            // Stopped (Ctrl+C, Select-Object -First, PowerShell.Stop) or failed: close every socket now.
            cancel.Cancel();
            try { fetch.Wait(CloseTimeout); }
            catch (AggregateException) { /* cancelled or failed: reported above or the pipeline is stopping */ }
            CompleteProgress(report);
        }
    }

    // The job's thread: the same records as on the pipeline, into the job's streams; Stop-Job cancels the fetch.
    private static void FetchInJob(ReactorJob job, IPoetryClient client, HostPort[] addresses, PoetryClientOptions options, FetchReport report)
    {
        var fetch = client.FetchAsync(addresses, options, job.Token);
        fetch.ContinueWith(_ => report.Queue.Complete(), TaskScheduler.Default);
        while (report.Queue.TryTake(out var item, Timeout.InfiniteTimeSpan, CancellationToken.None, out _)) job.Write(item);
        try { fetch.Wait(CloseTimeout); }
        catch (AggregateException) when (job.Token.IsCancellationRequested) { }
        if (report.ShowProgress) job.Write(new OutputItem(OutputKind.Progress, report.Overall(report.Done, ProgressRecordType.Completed)));
        if (fetch.IsFaulted) throw fetch.Exception!.GetBaseException();
    }

    // Clears every bar this call may have shown; the pipeline may already be stopped.
    private void CompleteProgress(FetchReport report)
    {
        try
        {
            if (!report.ShowProgress)
                return;
            for (var i = 0; i < Addresses.Count; i++)
                if (!report.IsClosed(i + 1))
                    WriteProgress(report.Task(i + 1, Addresses[i].ToString(), 0, ProgressRecordType.Completed));
            WriteProgress(report.Overall(report.Done, ProgressRecordType.Completed));
        }
        catch (PipelineStoppedException) { }
    }
}
