using PoetryReactor.Core;
using PoetryReactor.Core.Net;

using PoetryReactor.Hosting;

namespace PoetryReactor.Objects;

/// <summary>
/// A snapshot of the module's reactor, taken on its thread (Start-Reactor, Get-Reactor): state, backend,
/// what it watches, what it ran, and how late its delayed calls ran.
/// </summary>
public sealed class ReactorInfo
{
    private ReactorInfo() { }

    /// <summary>The reactor's number (<see cref="ReactorHost.Id"/>): a new number means a new reactor.</summary>
    public int Id { get; private init; }

    public ReactorState State { get; private init; }

    /// <summary>The readiness backend in use (Select or Epoll).</summary>
    public ReactorBackendKind Backend { get; private init; }

    /// <summary>Real (monotonic time) or Manual (moved by Step-ReactorClock).</summary>
    public string Clock { get; private init; } = "Real";

    /// <summary>Now, in seconds of the reactor's clock: what delayed calls' Time is measured on.</summary>
    public double ClockTime { get; private init; }

    /// <summary>The managed id of the reactor's thread; every callback runs on it.</summary>
    public int ThreadId { get; private init; }

    public DateTimeOffset StartTime { get; private init; }

    /// <summary>How long the reactor has run (until the snapshot).</summary>
    public TimeSpan Uptime { get; private init; }

    /// <summary>Descriptors watched for reading (listening ports and connections among them).</summary>
    public int Readers { get; private init; }

    /// <summary>Descriptors watched for writing (connections with data waiting to go out).</summary>
    public int Writers { get; private init; }

    /// <summary>TCP ports listening on the reactor (Start-ReactorListener, reactor poetry servers, ...).</summary>
    public int Listeners { get; private init; }

    /// <summary>TCP connections open on the reactor, incoming and outgoing.</summary>
    public int Connections { get; private init; }

    /// <summary>Delayed calls scheduled and not yet run.</summary>
    public int PendingCalls { get; private init; }

    /// <summary>Callbacks the loop has run (C# and scriptblock, timers, I/O, triggers).</summary>
    public long CallbacksRun { get; private init; }

    /// <summary>Callbacks that failed: C# callbacks that threw plus scriptblocks that ended with a terminating error.</summary>
    public long CallbackErrors { get; private init; }

    /// <summary>Scriptblock callbacks run.</summary>
    public long ScriptCallbacksRun { get; private init; }

    /// <summary>Scriptblock callbacks that held the loop past <see cref="BlockWarningThreshold"/>.</summary>
    public long SlowCallbacks { get; private init; }

    /// <summary>The latest a delayed call ran after its due time.</summary>
    public TimeSpan MaxLag { get; private init; }

    /// <summary>The median lateness of the last 1,024 delayed calls.</summary>
    public TimeSpan MedianLag { get; private init; }

    /// <summary>Passes of the loop.</summary>
    public long Iterations { get; private init; }

    /// <summary>A scriptblock callback that runs longer than this produces a warning.</summary>
    public TimeSpan BlockWarningThreshold { get; private init; }

    /// <summary>The longest a scriptblock callback has held the loop.</summary>
    public TimeSpan MaxCallbackTime { get; private init; }

    /// <summary>The most threads the worker pool runs blocking work on (Invoke-ReactorWorker).</summary>
    public int WorkerPoolSize { get; private init; }

    /// <summary>Worker threads running work now.</summary>
    public int WorkersBusy { get; private init; }

    /// <summary>Worker reactors running beside this one, each on its own thread, for servers started with -Workers.</summary>
    public int WorkerReactors { get; private init; }

    /// <summary>How long cmdlets wait for the reactor thread to answer before ReactorBusy.</summary>
    public TimeSpan BusyTimeout { get; private init; }

    /// <summary>Records waiting in the event queue for Wait-Reactor.</summary>
    public int EventsQueued { get; private init; }

    /// <summary>Records the event queue dropped because it was full.</summary>
    public long EventsDropped { get; private init; }

    /// <summary>
    /// Takes a snapshot of <paramref name="host"/>: counted on its thread while it runs (the wait ended by
    /// <paramref name="token"/>), directly once it has stopped.
    /// </summary>
    /// <exception cref="ReactorBusyException">The reactor thread did not answer in time.</exception>
    internal static ReactorInfo Capture(ReactorHost host, CancellationToken token)
    {
        if (!host.IsStopped)
        {
            try
            {
                return host.Invoke(r => From(host, Watched.Of(r)), token);
            }
            catch (ReactorNotRunningException) when (host.IsStopped)
            {
                // It ended while the request was on its way: describe it as stopped.
            }
        }
        return From(host, default);
    }

    /// <summary>What the reactor watches, counted on its thread.</summary>
    private readonly record struct Watched(int Readers, int Writers, int Listeners, int Connections, int Pending)
    {
        public static Watched Of(Reactor r)
        {
            var readers = r.GetReaders();
            var writers = r.GetWriters();
            var connections = readers.OfType<TcpConnection>().Concat(writers.OfType<TcpConnection>()).Distinct().Count();
            return new Watched(readers.Count, writers.Count, readers.OfType<TcpPort>().Count(), connections, r.GetDelayedCalls().Count);
        }
    }

    private static ReactorInfo From(ReactorHost host, Watched watched)
    {
        var stats = host.Reactor.Stats;
        var state = host.IsStopped ? ReactorState.Stopped : host.IsStopping ? ReactorState.Stopping : ReactorState.Running;
        return new ReactorInfo
        {
            Id = host.Id,
            State = state,
            Backend = host.Reactor.Backend,
            Clock = host.Reactor.HasManualClock ? "Manual" : "Real",
            ClockTime = host.Reactor.Seconds(),
            ThreadId = host.Thread.ManagedThreadId,
            WorkerReactors = host == ModuleReactor.Last ? ModuleReactor.Workers.Count : 0,
            StartTime = host.StartTime,
            Uptime = (host.StopTime ?? DateTimeOffset.Now) - host.StartTime,
            Readers = watched.Readers,
            Writers = watched.Writers,
            Listeners = watched.Listeners,
            Connections = watched.Connections,
            PendingCalls = watched.Pending,
            CallbacksRun = stats.CallbacksRun,
            CallbackErrors = stats.CallbackErrors + host.CallbackStats.Errors,
            ScriptCallbacksRun = host.CallbackStats.Run,
            SlowCallbacks = host.CallbackStats.Slow,
            MaxLag = TimeSpan.FromSeconds(stats.MaxLagSeconds),
            MedianLag = TimeSpan.FromSeconds(stats.MedianLagSeconds),
            Iterations = stats.Iterations,
            BlockWarningThreshold = host.CallbackStats.BlockWarningThreshold,
            MaxCallbackTime = host.CallbackStats.MaxTime,
            BusyTimeout = host.BusyTimeout,
            WorkerPoolSize = WorkerPool.Shared.Size,
            WorkersBusy = WorkerPool.Shared.Busy,
            EventsQueued = host.Events.Count,
            EventsDropped = host.Events.Dropped,
        };
    }
}
