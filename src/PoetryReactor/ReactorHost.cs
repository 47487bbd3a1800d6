using System.Diagnostics;
using System.Management.Automation.Runspaces;
using PoetryReactor.Callbacks;
using PoetryReactor.Core;

namespace PoetryReactor;

/// <summary>
/// One reactor running on its own background thread, with the runspace that scriptblock
/// callbacks run in (opened on that thread on first need). Made by <see cref="ModuleReactor"/>.
/// </summary>
public sealed class ReactorHost
{
    private static int _lastId;
    private readonly ManualResetEventSlim _running = new();
    private readonly ManualResetEventSlim _stopped = new();
    private readonly CancellationTokenSource _stoppedToken = new();
    private readonly string _modulePath;
    private Runspace? _runspace;

    internal ReactorHost(ReactorBackendKind backend, OutputQueue events, string modulePath)
    {
        _modulePath = modulePath;
        Id = Interlocked.Increment(ref _lastId);
        Events = events;
        Reactor = new Reactor(new ReactorOptions { Backend = backend, Log = new QueueLog(events) });
        Thread = new Thread(RunLoop) { IsBackground = true, Name = "PoetryReactor" };
    }

    /// <summary>Numbers the module's reactors in start order: a new number means a new reactor.</summary>
    public int Id { get; }

    /// <summary>The reactor; touch it only on <see cref="Thread"/> (inside callbacks) or via <see cref="ModuleReactor.Invoke{T}"/>.</summary>
    public Reactor Reactor { get; }

    /// <summary>The thread that runs the loop.</summary>
    public Thread Thread { get; }

    public DateTimeOffset StartTime { get; private set; }

    /// <summary>When the loop thread ended; null while it runs.</summary>
    public DateTimeOffset? StopTime { get; private set; }

    /// <summary>True once the loop thread has ended: the reactor can never run again.</summary>
    public bool IsStopped => _stopped.IsSet;

    /// <summary>True between a stop request and the end of the loop thread (shutdown triggers run then).</summary>
    public bool IsStopping => !IsStopped && Reactor.IsStopped;

    /// <summary>True on the loop thread, including while its shutdown finishes.</summary>
    public bool IsCurrentThread => Thread == System.Threading.Thread.CurrentThread;

    internal WaitHandle StoppedHandle => _stopped.WaitHandle;

    /// <summary>Cancelled when the loop thread has ended.</summary>
    internal CancellationToken StoppedToken => _stoppedToken.Token;

    /// <summary>Listeners started by Start-ReactorListener that have not been stopped.</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<int, ReactorListener> Listeners { get; } = new();

    /// <summary>Where callback output goes when no cmdlet waits for it; read by Wait-Reactor.</summary>
    public OutputQueue Events { get; }

    /// <summary>A scriptblock callback that runs longer than this produces a warning.</summary>
    public TimeSpan BlockWarningThreshold { get; set; } = TimeSpan.FromSeconds(0.25);

    /// <summary>The exception that ended <see cref="Reactor.Run"/>, if it ended by throwing.</summary>
    public Exception? Fault { get; private set; }

    private long _scriptCallbacks;
    private long _scriptErrors;
    private long _slowCallbacks;
    private long _maxCallbackTicks;

    /// <summary>Scriptblock callbacks run so far.</summary>
    public long ScriptCallbacksRun => Interlocked.Read(ref _scriptCallbacks);

    /// <summary>Scriptblock callbacks that ended with a terminating error (each reported as ReactorCallbackFailed).</summary>
    public long ScriptCallbackErrors => Interlocked.Read(ref _scriptErrors);

    /// <summary>Scriptblock callbacks that ran longer than <see cref="BlockWarningThreshold"/>.</summary>
    public long SlowCallbacks => Interlocked.Read(ref _slowCallbacks);

    /// <summary>The longest a scriptblock callback has held the reactor thread.</summary>
    public TimeSpan MaxCallbackTime => TimeSpan.FromTicks(Interlocked.Read(ref _maxCallbackTicks));

    internal void RecordCallback(TimeSpan elapsed, bool failed)
    {
        Interlocked.Increment(ref _scriptCallbacks);
        if (failed) Interlocked.Increment(ref _scriptErrors);
        if (elapsed > BlockWarningThreshold) Interlocked.Increment(ref _slowCallbacks);
        if (elapsed.Ticks > Interlocked.Read(ref _maxCallbackTicks)) Interlocked.Exchange(ref _maxCallbackTicks, elapsed.Ticks);
    }

    internal void Start(TimeSpan timeout)
    {
        Reactor.CallWhenRunning(() => _running.Set());
        Thread.Start();
        if (WaitHandle.WaitAny(new[] { _running.WaitHandle, _stopped.WaitHandle }, timeout) != 0)
            throw new InvalidOperationException($"The reactor did not start within {timeout.TotalSeconds:0} s." + (Fault is null ? "" : " " + Fault.Message), Fault);
    }

    /// <summary>Waits until the reactor thread has ended; false if the timeout passed first.</summary>
    public bool WaitStopped(TimeSpan timeout) => _stopped.Wait(timeout);

    /// <summary>The callback runspace, opened on first use: call only on the reactor thread.</summary>
    internal Runspace Runspace
    {
        get
        {
            Debug.Assert(IsCurrentThread);
            if (_runspace is null)
            {
                var iss = InitialSessionState.CreateDefault2();
                iss.ImportPSModule(new[] { _modulePath });
                var rs = RunspaceFactory.CreateRunspace(iss);
                rs.ThreadOptions = System.Management.Automation.Runspaces.PSThreadOptions.UseCurrentThread;
                rs.Open();
                Runspace.DefaultRunspace = rs;
                // The first pipeline in a runspace is slow (engine warm-up): pay it here, not in a user's callback.
                using (var warm = System.Management.Automation.PowerShell.Create())
                {
                    warm.Runspace = rs;
                    warm.AddScript("process { $_ }").Invoke(new object[] { 1 });
                }
                _runspace = rs;
            }
            return _runspace;
        }
    }

    private void RunLoop()
    {
        StartTime = DateTimeOffset.Now;
        try
        {
            Reactor.Run();
        }
        catch (Exception ex)
        {
            Fault = ex;
            Events.Post(OutputItem.Error(Errors.Record(ex, "ReactorFailed", System.Management.Automation.ErrorCategory.NotSpecified, Reactor)));
        }
        finally
        {
            try { _runspace?.Dispose(); } catch (Exception) { /* closing a runspace at shutdown must not hide the stop */ }
            _runspace = null;
            Reactor.Dispose();
            StopTime = DateTimeOffset.Now;
            _stopped.Set();
            _stoppedToken.Cancel();
        }
    }

    /// <summary>Reports C# callback failures and warnings of the reactor as records on the event queue.</summary>
    private sealed class QueueLog : IReactorLog
    {
        private readonly OutputQueue _events;
        public QueueLog(OutputQueue events) => _events = events;

        public void Error(string origin, Exception ex) =>
            _events.Post(OutputItem.Error(Errors.CallbackFailed(origin, ex)));

        public void Warning(string origin, string message) =>
            _events.Post(OutputItem.Warning($"{origin}: {message}"));
    }
}
