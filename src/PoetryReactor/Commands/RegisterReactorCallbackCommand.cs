using System.Collections;
using System.Management.Automation;
using PoetryReactor.Callbacks;
using PoetryReactor.Core;

namespace PoetryReactor.Commands;

/// <summary>When a callback registered by Register-ReactorCallback runs.</summary>
public enum ReactorCallbackWhen
{
    /// <summary>Once the reactor runs (Twisted's callWhenRunning); at once when it already does.</summary>
    Running,
    /// <summary>When the reactor stops, before connections close (a "before shutdown" trigger).</summary>
    Shutdown,
}

/// <summary>
/// Register-ReactorCallback: runs a scriptblock on the reactor thread when the reactor is running
/// (callWhenRunning) or when it shuts down (a before-shutdown trigger). Starts the reactor if needed.
/// The callback's records go to the event queue that Wait-Reactor reads.
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "ReactorCallback")]
[OutputType(typeof(void))]
public sealed class RegisterReactorCallbackCommand : ScriptBlockCmdlet
{
    /// <summary>Running (callWhenRunning) or Shutdown (before shutdown).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public ReactorCallbackWhen When { get; set; }

    protected override void EndProcessing()
    {
        if (!TryCapture(out var callback)) return;
        if (!TryGetReactor(out var host)) return;
        var name = When.ToString();
        void Run() => callback.Invoke(host, new ReactorEvent(name, host.Reactor, new Hashtable(StringComparer.OrdinalIgnoreCase)), host.Events);
        InvokeOnReactor(host, r =>
        {
            if (When == ReactorCallbackWhen.Running) r.CallWhenRunning(Run);
            else r.AddSystemEventTrigger(SystemEventPhase.Before, "shutdown", Run);
        });
    }
}
