using System.Management.Automation;
using PoetryReactor.Callbacks;
using PoetryReactor.Errors;

namespace PoetryReactor.Objects;

/// <summary>
/// A job in Get-Job for -AsJob (Get-Poetry, Measure-PoetryModel, Wait-Reactor): the work runs in this
/// process on its own threads; Receive-Job reads what it wrote so far (poems as they complete, errors,
/// warnings, verbose, progress), Stop-Job cancels it and closes its connections, Wait-Job waits for it.
/// </summary>
public sealed class ReactorJob : Job
{
    private readonly CancellationTokenSource _cancel = new();
    private int _finished;
    private Exception? _reason;

    internal ReactorJob(string command, string? name) : base(command, name)
    {
        PSJobTypeName = "ReactorJob";
    }

    /// <summary>The machine: the work runs in this process.</summary>
    public override string Location => Environment.MachineName;

    /// <summary>True while a stream holds records not yet received.</summary>
    public override bool HasMoreData =>
        Output.Count > 0 || Error.Count > 0 || Warning.Count > 0 || Verbose.Count > 0 || Progress.Count > 0 || Information.Count > 0 || Debug.Count > 0;

    /// <summary>What the job is doing: its state, and for a failed job why.</summary>
    public override string StatusMessage => _reason?.Message ?? JobStateInfo.State.ToString();

    /// <summary>Cancelled by Stop-Job: the work ends and closes what it opened.</summary>
    internal CancellationToken Token => _cancel.Token;

    /// <summary>Stop-Job: cancels the work and waits for it to end (it closes its connections first).</summary>
    public override void StopJob()
    {
        if (IsFinishedState(JobStateInfo.State)) return;
        SetJobState(JobState.Stopping);
        _cancel.Cancel();
        Finished.WaitOne(TimeSpan.FromSeconds(30));
    }

    /// <summary>Runs <paramref name="work"/> on a thread of its own, writing through <see cref="Write"/>; the job ends with it.</summary>
    internal void Start(Action<ReactorJob> work)
    {
        SetJobState(JobState.Running);
        var thread = new Thread(() =>
        {
            try
            {
                work(this);
                End(_cancel.IsCancellationRequested ? JobState.Stopped : JobState.Completed, null);
            }
            catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
            {
                End(JobState.Stopped, null);
            }
            catch (Exception ex)
            {
                Error.Add(ex is RuntimeException { ErrorRecord: { } record } ? record : ErrorRecords.Create(ErrorCatalog.ReactorJobFailed, ex, Name));
                End(JobState.Failed, ex);
            }
        })
        { IsBackground = true, Name = $"PoetryReactor job {Id}" };
        thread.Start();
    }

    /// <summary>Writes one record to the job's stream for its kind. Any thread.</summary>
    internal void Write(OutputItem item)
    {
        switch (item.Kind)
        {
            case OutputKind.Object: Output.Add(PSObject.AsPSObject(item.Value())); break;
            case OutputKind.Error: Error.Add((ErrorRecord)item.Payload!); break;
            case OutputKind.Warning: Warning.Add(new WarningRecord((string)item.Payload!)); break;
            case OutputKind.Verbose: Verbose.Add(new VerboseRecord((string)item.Payload!)); break;
            case OutputKind.Debug: Debug.Add(new DebugRecord((string)item.Payload!)); break;
            case OutputKind.Information: Information.Add((InformationRecord)item.Payload!); break;
            case OutputKind.Progress: Progress.Add((ProgressRecord)item.Payload!); break;
        }
    }

    private void End(JobState state, Exception? reason)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0) return;
        _reason = reason;
        SetJobState(state);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cancel.Cancel();
            _cancel.Dispose();
        }
        base.Dispose(disposing);
    }

    private static bool IsFinishedState(JobState state) =>
        state is JobState.Completed or JobState.Failed or JobState.Stopped;
}
