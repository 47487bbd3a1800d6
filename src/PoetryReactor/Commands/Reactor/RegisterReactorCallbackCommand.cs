using System.Collections;
using System.Management.Automation;
using PoetryReactor.Callbacks;
using PoetryReactor.Cmdlets;
using PoetryReactor.Core;
using PoetryReactor.Errors;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

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
        var name = When == ReactorCallbackWhen.Running ? ReactorEventName.Running : ReactorEventName.Shutdown;
        void Run() => callback.Invoke(host, new ReactorEvent(name, host.Reactor, new Hashtable(StringComparer.OrdinalIgnoreCase)), host.Events);
        TryOnReactor(host, r =>
        {
            if (When == ReactorCallbackWhen.Running) r.CallWhenRunning(Run);
            else r.AddSystemEventTrigger(SystemEventPhase.Before, "shutdown", Run);
        }, When, ErrorCatalog.ReactorNotRunning);
    }
}
