using System.Collections;
using System.Management.Automation.Runspaces;
using PoetryReactor.Callbacks;
using PoetryReactor.Hosting;

namespace PoetryReactor.Objects;

/// <summary>
/// Blocking work handed to the worker pool by Invoke-ReactorWorker (Twisted's deferToThread): it runs on a
/// thread of the pool, never on the reactor's, and its result comes back to the caller's pipeline, or to an
/// -OnComplete scriptblock on the reactor thread. Reads its state without waiting.
/// </summary>
public sealed class ReactorWorker
{
    private static int _lastId;
    private readonly ScriptCallback _work;
    private readonly ScriptCallback? _onComplete;
    private readonly ReactorHost? _host;
    private readonly OutputQueue _sink;
    private readonly bool _ownsSink;
    private volatile ReactorWorkerState _state = ReactorWorkerState.Queued;
    private volatile bool _stopRequested;
    private System.Management.Automation.PowerShell? _running;
    private readonly object _gate = new();
    private EventForwarder? _forwarder;

    private ReactorWorker(ScriptCallback work, ScriptCallback? onComplete, ReactorHost? host, OutputQueue sink, bool ownsSink, string? name)
    {
        _ownsSink = ownsSink;
        _work = work;
        _onComplete = onComplete;
        _host = host;
        _sink = sink;
        Name = name;
        Id = Interlocked.Increment(ref _lastId);
    }

    /// <summary>Numbers workers in the order they were handed over.</summary>
    public int Id { get; }

    /// <summary>The name given with -Name; null when none was.</summary>
    public string? Name { get; }

    /// <summary>Queued, Running, Completed, Failed or Stopped.</summary>
    public ReactorWorkerState State => _state;

    /// <summary>Where the scriptblock came from.</summary>
    public string Origin => _work.Origin;

    /// <summary>When a thread took it up.</summary>
    public DateTimeOffset? StartTime { get; private set; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? EndTime { get; private set; }

    /// <summary>Names the worker.</summary>
    public override string ToString() => $"ReactorWorker({Id}{(Name is null ? "" : $" '{Name}'")}, {State}, {Origin})";

    /// <summary>
    /// Queues <paramref name="work"/> on the pool. Its records go to <paramref name="sink"/>, completed at the end
    /// when <paramref name="ownsSink"/> (a waiting cmdlet's own queue); with <paramref name="onComplete"/> that
    /// scriptblock then runs on <paramref name="host"/>'s reactor thread with the result. Null when the pool's
    /// queue is full.
    /// </summary>
    internal static ReactorWorker? Queue(WorkerPool pool, ScriptCallback work, ScriptCallback? onComplete, ReactorHost? host,
        OutputQueue sink, bool ownsSink, string? name, EventForwarder? forwarder = null)
    {
        var worker = new ReactorWorker(work, onComplete, host, sink, ownsSink, name) { _forwarder = forwarder };
        return pool.TryQueue(worker.Run) ? worker : null;
    }

    /// <summary>Asks a queued worker not to start, and stops one that runs as Ctrl+C stops a pipeline.</summary>
    internal void RequestStop()
    {
        _stopRequested = true;
        lock (_gate) _running?.BeginStop(null, null);
    }

    private void Run(Runspace runspace)
    {
        if (_stopRequested)
        {
            Finish(ReactorWorkerState.Stopped, null, []);
            return;
        }
        _state = ReactorWorkerState.Running;
        StartTime = DateTimeOffset.Now;
        var results = new List<object?>();
        // With -OnComplete the output is the result it receives; otherwise it streams to the caller.
        var failure = _work.InvokeIn(runspace, null, _sink, _onComplete is null ? null : results, ps =>
        {
            lock (_gate)
            {
                _running = ps;
                if (ps is not null && _stopRequested) ps.BeginStop(null, null);
            }
        });
        var state = _stopRequested ? ReactorWorkerState.Stopped : failure is null ? ReactorWorkerState.Completed : ReactorWorkerState.Failed;
        Finish(state, failure, results);
    }

    private void Finish(ReactorWorkerState state, Exception? failure, List<object?> results)
    {
        EndTime = DateTimeOffset.Now;
        _state = state;
        if (state == ReactorWorkerState.Stopped)
        {
            if (_ownsSink) _sink.Complete();
            return;
        }
        ReactorEvent Completed(Core.Reactor? reactor) =>
            new(ReactorEventName.WorkerCompleted, reactor!, new Hashtable(StringComparer.OrdinalIgnoreCase))
            {
                Worker = this,
                Result = results.ToArray(),
                Error = failure,
            };
        if (_onComplete is { } onComplete && _host is { } host)
        {
            // deferToThread's result comes back on the reactor thread.
            host.Post(r =>
            {
                var e = Completed(r);
                onComplete.Invoke(host, e, _sink);
                _forwarder?.Raise(this, e);
                if (_ownsSink) _sink.Complete();
            });
            return;
        }
        _forwarder?.Raise(this, Completed(_host?.Reactor));
        if (_ownsSink) _sink.Complete();
    }
}
