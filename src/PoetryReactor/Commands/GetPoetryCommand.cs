using System.Management.Automation;
using PoetryReactor.Callbacks;
using PoetryReactor.Core.Poetry;
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
[Cmdlet(VerbsCommon.Get, "Poetry")]
[OutputType(typeof(Poem), typeof(ChunkEvent))]
public sealed class GetPoetryCommand : ReactorCmdlet
{
    // How long to wait, after a stop, for the client to close its sockets.
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    private static int _lastActivityId;
    private readonly List<PoetryAddress> _addresses = new();

    // A block of progress ids per call (overall bar + one per task), so concurrent calls do not share bars.
    private static int NextActivityIds(int tasks) => Interlocked.Add(ref _lastActivityId, tasks + 1) - tasks;

    /// <summary>Server addresses: <c>PORT</c>, <c>HOST:PORT</c> or <c>[IPv6]:PORT</c>.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string[] Address { get; set; } = Array.Empty<string>();

    /// <summary>The client model: Protocol (default), Reader, Select, Threaded or Blocking.</summary>
    [Parameter]
    public PoetryClientMode Mode { get; set; } = PoetryClientMode.Protocol;

    /// <summary>Seconds a task may go without progress (resolve, connect, next chunk); 0 for no limit.</summary>
    [Parameter]
    [ValidateRange(0, 86_400)]
    public double TimeoutSec { get; set; } = PoetryClientOptions.DefaultTimeout.TotalSeconds;

    /// <summary>The most bytes one poem may have; a longer one fails with PoetryTooLarge.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxBytes { get; set; } = PoetryClientOptions.DefaultMaxBytes;

    /// <summary>Also writes a <see cref="ChunkEvent"/> for every read that delivered data.</summary>
    [Parameter]
    public SwitchParameter IncludeChunk { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var text in Address)
        {
            try
            {
                _addresses.Add(PoetryAddress.Parse(text));
            }
            catch (FormatException e)
            {
                WriteError(Errors.Record(e, PoetryException.ErrorIdOf(PoetryErrorKind.AddressInvalid), ErrorCategory.InvalidArgument, text));
            }
        }
    }

    protected override void EndProcessing()
    {
        if (_addresses.Count == 0) return;
        var report = new FetchReport(_addresses.Count, NextActivityIds(_addresses.Count),
            CmdletPreferences.IsVerbose(this), IncludeChunk.IsPresent);
        var options = new PoetryClientOptions
        {
            Timeout = TimeoutSec == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(TimeoutSec),
            MaxBytes = MaxBytes,
            ChunkReceived = report.OnChunk,
            PoemCompleted = report.OnPoem,
        };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Stopping);
        WriteProgress(report.Overall(0));
        var fetch = PoetryClients.Create(Mode).FetchAsync(_addresses, options, cancel.Token);
        fetch.ContinueWith(_ => report.Queue.Complete(), TaskScheduler.Default);
        try
        {
            Pump(report.Queue, Timeout.InfiniteTimeSpan);
            if (report.DroppedDetail > 0)
                WriteWarning($"{report.DroppedDetail} progress, verbose or chunk record(s) were dropped because the pipeline did not keep up; every poem was written.");
            if (fetch.IsFaulted)
                ThrowTerminatingError(Errors.Record(fetch.Exception!.GetBaseException(), "PoetryFetchFailed", ErrorCategory.NotSpecified, null));
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

    // Clears every bar this call may have shown; the pipeline may already be stopped.
    private void CompleteProgress(FetchReport report)
    {
        try
        {
            for (var i = 0; i < _addresses.Count; i++)
                WriteProgress(report.Task(i + 1, _addresses[i].ToString(), 0, ProgressRecordType.Completed));
            WriteProgress(report.Overall(report.Done, ProgressRecordType.Completed));
        }
        catch (PipelineStoppedException) { }
    }
}
