using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>
/// Stop-ReactorListener: stops listeners made by Start-ReactorListener (the port is free when it returns).
/// Connections already accepted stay open, as with Twisted's stopListening, unless -CloseConnections.
/// Stopping a listener that has stopped is quiet.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "ReactorListener", SupportsShouldProcess = true, DefaultParameterSetName = ObjectSet)]
[OutputType(typeof(ReactorListener))]
public sealed class StopReactorListenerCommand : ReactorCmdlet
{
    private const string ObjectSet = "InputObject";
    private const string PortSet = "Port";

    /// <summary>The listeners to stop.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
    [ValidateNotNull]
    [Alias("Listener")]
    public ReactorListener[] InputObject { get; set; } = null!;

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
            var listeners = ModuleReactor.Current?.Listeners.List() ?? Array.Empty<ReactorListener>();
            foreach (var port in Port)
            {
                var found = listeners.Where(l => l.Port == port).ToList();
                if (found.Count == 0)
                    WriteError(ErrorCatalog.ReactorListenerNotFound, new ItemNotFoundException($"No reactor listener is listening on port {port}."), port);
                found.ForEach(StopOne);
            }
            return;
        }
        foreach (var listener in InputObject) StopOne(listener);
    }

    private void StopOne(ReactorListener listener)
    {
        if (!ShouldProcess(listener.Address, "Stop listening")) return;
        try
        {
            listener.Stop(CloseConnections, StopToken);
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (ReactorBusyException ex)
        {
            WriteError(ErrorCatalog.ReactorBusy, ex, listener.Address);
            return;
        }
        if (PassThru) WriteObject(listener);
    }
}
