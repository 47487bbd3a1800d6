using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Core.Net;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>
/// Start-ReactorListener: Twisted's listenTCP with a protocol made of scriptblocks. Each connection gets
/// its own protocol instance: <c>$_.State</c> lives as long as the connection, <c>$_.Transport</c> writes
/// and closes. The listener and its connections live on the reactor, so they keep serving after the
/// cmdlet returns; their callbacks' records go to the event queue (Wait-Reactor). Emits the
/// <see cref="ReactorListener"/>, whose Port is the real port when -Port 0 was asked for.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "ReactorListener", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Start-ReactorListener.md")]
[OutputType(typeof(ReactorListener))]
public sealed class StartReactorListenerCommand : ScriptProtocolCmdlet
{
    /// <summary>The TCP port; 0 (the default) picks a free one.</summary>
    [Parameter(Position = 0)]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    /// <summary><c>localhost</c> (the IPv4 loopback, default), an IP address of this machine, or <c>*</c> for every IPv4 interface.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Interface { get; set; } = "localhost";

    /// <summary>A name to find the listener again by (Get-ReactorListener -Name).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>
    /// Reactors listening on the port, each on its own thread with its own callback runspace (a connection
    /// and its callbacks stay on one): 1 (the default) is the module's reactor alone, 0 one per core.
    /// </summary>
    [Parameter]
    [ValidateRange(0, ModuleReactor.MaxWorkers)]
    public int Workers { get; set; } = 1;

    protected override void EndProcessing()
    {
        if (!BindAddress.TryParse(Interface, out var ip))
        {
            WriteError(ErrorCatalog.InterfaceInvalid, new ArgumentException(
                $"Interface '{Interface}' is not 'localhost', '*' or an IP address of this machine; host names are not accepted."), Interface);
            return;
        }
        var target = new System.Net.IPEndPoint(ip, Port).ToString();
        if (!ShouldProcess(target, "Start listening")) return;
        if (BindAddress.IsAll(ip))
            WriteWarning($"Listening on all interfaces ({ip}): any host that can reach this machine can connect. Leave -Interface out to serve this machine only.");
        if (!TryCaptureProtocol(out var callbacks)) return;
        if (!TryGetReactor(out var host)) return;
        var origin = $"{MyInvocation.MyCommand.Name} at {MyInvocation.ScriptName}:{MyInvocation.ScriptLineNumber}";
        var workers = WorkerSettings.Resolve(Workers);
        if (workers == 1)
        {
            if (TryOnReactor(host, _ => ReactorListener.Listen(host, Name, Port, ip.ToString(), callbacks, origin), target, ErrorCatalog.ListenFailed, out var listener))
                WriteObject(listener);
            return;
        }
        if (TryRun(() => ReactorListener.ListenOnWorkers(ModuleReactor.GetWorkers(workers), Name, Port, ip.ToString(), callbacks, origin, WorkerSettings.Accept, StopToken),
                target, ErrorCatalog.ListenFailed, out var spread))
            WriteObject(spread);
    }
}
