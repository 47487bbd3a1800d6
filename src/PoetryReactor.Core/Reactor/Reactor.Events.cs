namespace PoetryReactor.Core;

public sealed partial class Reactor
{
    private readonly Dictionary<string, SystemEvent> _events = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs <paramref name="action"/> once the reactor is running (in the "after startup" phase), or
    /// at once if it already is. Actions run in the order they were added.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    public void CallWhenRunning(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        CheckThread();
        if (_isRunning) Invoke(action);
        else AddSystemEventTrigger(SystemEventPhase.After, "startup", action);
    }

    /// <summary>
    /// Adds a one-shot trigger: <paramref name="action"/> runs in <paramref name="phase"/> the next time
    /// <paramref name="eventType"/> fires ("startup", "shutdown", or any custom name), then is discarded.
    /// Returns a handle for <see cref="RemoveSystemEventTrigger"/>.
    /// </summary>
    public object AddSystemEventTrigger(SystemEventPhase phase, string eventType, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return AddTrigger(phase, eventType, action, () => { action(); return null; });
    }

    /// <summary>
    /// As <see cref="AddSystemEventTrigger(SystemEventPhase, string, Action)"/>; in the Before phase, a Task
    /// that is not complete when the trigger returns delays the During and After phases until it
    /// completes (for "shutdown", at most <see cref="ReactorOptions.ShutdownTimeout"/>). A faulted Task is
    /// reported and the event goes on. Tasks returned in other phases are not waited for.
    /// </summary>
    public object AddSystemEventTrigger(SystemEventPhase phase, string eventType, Func<Task?> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return AddTrigger(phase, eventType, action, action);
    }

    /// <summary>Removes a trigger that has not fired yet.</summary>
    /// <exception cref="ArgumentException">The handle is unknown, already removed, or its trigger already fired.</exception>
    public void RemoveSystemEventTrigger(object handle)
    {
        CheckThread();
        if (handle is not SystemEvent.Trigger trigger || !ReferenceEquals(trigger.Owner, this) || trigger.Done)
            throw new ArgumentException("Not a pending system event trigger of this reactor (unknown, removed, or fired).", nameof(handle));
        trigger.Done = true;
        _events[trigger.EventType].Phase(trigger.Phase).Remove(trigger);
    }

    /// <summary>
    /// Fires <paramref name="eventType"/>: its Before triggers, then (once their Tasks are done) the During
    /// and After triggers, each in the order added. Triggers added to a later (or the current) phase while
    /// it fires run too. Exceptions are reported and the event goes on.
    /// </summary>
    public void FireSystemEvent(string eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        CheckThread();
        FireSystemEvent(eventType, afterDuring: null, completed: null, bounded: false);
    }

    private object AddTrigger(SystemEventPhase phase, string eventType, Delegate original, Func<Task?> run)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        if (!Enum.IsDefined(phase)) throw new ArgumentOutOfRangeException(nameof(phase), phase, "Unknown phase.");
        CheckThread();
        if (!_events.TryGetValue(eventType, out var ev)) _events[eventType] = ev = new SystemEvent();
        var trigger = new SystemEvent.Trigger(this, phase, eventType, NameOf(original), run);
        ev.Phase(phase).Add(trigger);
        return trigger;
    }

    /// <param name="eventType">The event to fire.</param>
    /// <param name="afterDuring">The reactor's own step between the During and After phases.</param>
    /// <param name="completed">Runs once the After phase is done.</param>
    /// <param name="bounded">Waits for Before Tasks at most the shutdown timeout.</param>
    private void FireSystemEvent(string eventType, Action? afterDuring, Action? completed, bool bounded)
    {
        if (!_events.TryGetValue(eventType, out var ev)) _events[eventType] = ev = new SystemEvent();
        List<(SystemEvent.Trigger Trigger, Task Task)>? returned = null;
        foreach (var trigger in ev.Drain(SystemEventPhase.Before))
            if (RunTrigger(trigger) is { } task) (returned ??= new()).Add((trigger, task));

        // Checked only after every Before trigger ran: a later trigger may complete an earlier one's Task.
        List<(SystemEvent.Trigger Trigger, Task Task)>? waiting = null;
        foreach (var (trigger, task) in returned ?? Enumerable.Empty<(SystemEvent.Trigger, Task)>())
        {
            if (task.IsCompleted) ReportFault(trigger, task);
            else (waiting ??= new()).Add((trigger, task));
        }
        if (waiting is null)
        {
            FinishEvent(ev, afterDuring, completed);
            return;
        }

        var all = Task.WhenAll(waiting.Select(w => w.Task));
        var gate = bounded ? Task.WhenAny(all, Task.Delay(_shutdownTimeout)) : all;
        gate.ContinueWith(_ =>
        {
            try
            {
                CallFromThread(() =>
                {
                    if (!all.IsCompleted)
                        Warn(eventType, $"Before-{eventType} triggers did not finish within {_shutdownTimeout.TotalSeconds:0.###} s; going on.");
                    foreach (var (trigger, task) in waiting) if (task.IsCompleted) ReportFault(trigger, task);
                    FinishEvent(ev, afterDuring, completed);
                });
            }
            catch (ReactorNotRunningException)
            {
                // The reactor finished meanwhile: nothing is left to run the later phases.
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void FinishEvent(SystemEvent ev, Action? afterDuring, Action? completed)
    {
        foreach (var trigger in ev.Drain(SystemEventPhase.During)) RunTrigger(trigger);
        afterDuring?.Invoke();
        foreach (var trigger in ev.Drain(SystemEventPhase.After)) RunTrigger(trigger);
        completed?.Invoke();
    }

    private Task? RunTrigger(SystemEvent.Trigger trigger)
    {
        try
        {
            var task = trigger.Run();
            Stats.CallbackRun();
            return task;
        }
        catch (Exception ex)
        {
            Report(trigger.Name, ex);
            return null;
        }
    }

    private void ReportFault(SystemEvent.Trigger trigger, Task task)
    {
        if (task.IsFaulted) Report(trigger.Name, task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception);
        else if (task.IsCanceled) Report(trigger.Name, new TaskCanceledException(task));
    }
}
