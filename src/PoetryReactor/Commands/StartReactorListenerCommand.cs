using System.Management.Automation;
using PoetryReactor.Callbacks;
using PoetryReactor.Core.Net;
using PoetryReactor.Poetry;

namespace PoetryReactor.Commands;

/// <summary>
/// Start-ReactorListener: Twisted's listenTCP with a protocol made of scriptblocks. Each connection gets
/// its own protocol instance: <c>$_.State</c> lives as long as the connection, <c>$_.Transport</c> writes
/// and closes. The listener and its connections live on the reactor, so they keep serving after the
/// cmdlet returns; their callbacks' records go to the event queue (Wait-Reactor). Emits the
/// <see cref="ReactorListener"/>, whose Port is the real port when -Port 0 was asked for.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "ReactorListener")]
[OutputType(typeof(ReactorListener))]
public sealed class StartReactorListenerCommand : ScriptProtocolCmdlet
{
    /// <summary>The TCP port; 0 picks a free one.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    /// <summary>The IP address to bind, or localhost: the IPv4 loopback unless told otherwise; "" or "*" means every IPv4 interface.</summary>
    [Parameter]
    [ValidateNotNull]
    public string Interface { get; set; } = "127.0.0.1";

    protected override void EndProcessing()
    {
        if (!TryCaptureProtocol(out var callbacks)) return;
        if (!TryGetReactor(out var host)) return;
        // Read as Start-PoetryServer reads it ("*", "localhost", brackets); other text goes to ListenTcp as typed.
        var parsed = BindAddress.TryParse(Interface, out var ip);
        var bind = parsed ? ip.ToString() : Interface;
        if (Interface.Length == 0 || (parsed && BindAddress.IsAll(ip)))
            WriteWarning($"Listening on all interfaces ('{Errors.Escape(Interface)}'): any host that can reach this machine can connect. Leave -Interface out to serve this machine only.");
        var target = $"{Interface}:{Port}";
        var origin = $"{MyInvocation.MyCommand.Name} at {MyInvocation.ScriptName}:{MyInvocation.ScriptLineNumber}";
        try
        {
            if (TryInvoke(host, _ => ReactorListener.Listen(host, Port, bind, callbacks, origin), target, out var listener))
                WriteObject(listener);
        }
        catch (CannotListenError ex)
        {
            WriteError(Errors.Record(ex, "ReactorListenFailed", ErrorCategory.ResourceUnavailable, target));
        }
        catch (ArgumentException ex)
        {
            WriteError(Errors.Record(ex, "ReactorInterfaceInvalid", ErrorCategory.InvalidArgument, Interface));
        }
    }
}
