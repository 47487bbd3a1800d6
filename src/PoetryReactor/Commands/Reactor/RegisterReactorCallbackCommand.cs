using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Errors;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>
/// Register-ReactorCallback: runs a scriptblock on the reactor thread when the reactor is running
/// (callWhenRunning) or when it shuts down (a before-shutdown trigger). Starts the reactor if needed.
/// The callback's records go to the event queue that Wait-Reactor reads. Get-ReactorCallback finds it
/// again and Unregister-ReactorCallback takes it back before it runs.
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "ReactorCallback", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Register-ReactorCallback.md")]
[OutputType(typeof(ReactorCallback))]
public sealed class RegisterReactorCallbackCommand : ScriptBlockCmdlet
{
    /// <summary>Running (callWhenRunning) or Shutdown (before shutdown).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public ReactorCallbackWhen When { get; set; }

    /// <summary>A name to find the callback again by (Get-ReactorCallback -Name).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>Emits the registered callback.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        if (!ShouldProcess(Name ?? ScriptBlock.ToString().Trim(), $"Register a {When} callback")) return;
        if (!TryCapture(out var callback)) return;
        if (!TryGetReactor(out var host)) return;
        if (TryOnReactor(host, _ => ReactorCallback.Register(host, callback, When, Name, NewForwarder()), When, ErrorCatalog.ReactorNotRunning, out var registered) && PassThru)
            WriteObject(registered);
    }
}
