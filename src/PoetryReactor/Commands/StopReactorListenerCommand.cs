using System.Management.Automation;
using PoetryReactor.Core;

namespace PoetryReactor.Commands;

/// <summary>
/// Stop-ReactorListener: stops listeners made by Start-ReactorListener (the port is free when it returns).
/// Connections already accepted stay open, as with Twisted's stopListening, unless -CloseConnections.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "ReactorListener", SupportsShouldProcess = true, DefaultParameterSetName = ListenerSet)]
[OutputType(typeof(ReactorListener))]
public sealed class StopReactorListenerCommand : ReactorCmdlet
{
    private const string ListenerSet = "Listener";
    private const string PortSet = "Port";

    /// <summary>The listeners to stop.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ListenerSet)]
    [ValidateNotNull]
    public ReactorListener[] Listener { get; set; } = null!;

    /// <summary>The ports of the listeners to stop, on the running reactor.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PortSet)]
    [ValidateRange(1, 65535)]
    public int[] Port { get; set; } = null!;

    /// <summary>Also closes the listeners' open connections, cleanly.</summary>
    [Parameter]
    public SwitchParameter CloseConnections { get; set; }

    /// <summary>Emits each listener after stopping it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == PortSet)
        {
            var listeners = ModuleReactor.Current?.Listeners.Values.ToList() ?? new List<ReactorListener>();
            foreach (var port in Port)
            {
                var found = listeners.Where(l => l.Port == port).ToList();
                if (found.Count == 0)
                    WriteError(Errors.Record(new ItemNotFoundException($"No reactor listener is listening on port {port}."),
                        "ReactorListenerNotFound", ErrorCategory.ObjectNotFound, port));
                found.ForEach(StopOne);
            }
            return;
        }
        foreach (var listener in Listener) StopOne(listener);
    }

    private void StopOne(ReactorListener listener)
    {
        if (!ShouldProcess(listener.Address, "Stop listening")) return;
        try
        {
            listener.Stop(CloseConnections);
            if (PassThru) WriteObject(listener);
        }
        catch (TimeoutException ex)
        {
            WriteError(Errors.Record(ex, "ReactorBusy", ErrorCategory.OperationTimeout, listener.Address));
        }
        catch (PoetryReactor.Core.ReactorNotRunningException)
        {
            // Its reactor stopped meanwhile, and closed the port: nothing left to stop.
            if (PassThru) WriteObject(listener);
        }
    }
}
