using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Errors;
using PoetryReactor.Objects;
using PoetryReactor.Poetry;

namespace PoetryReactor.Commands;

/// <summary>
/// Stop-PoetryServer: stops servers given as objects, ids, ports or -All. Each stops listening
/// (its port is free when the cmdlet returns) and closes its live connections. Stopping a server
/// that is already stopped does nothing; an id or port that matches no running server is a
/// non-terminating PoetryServerNotFound error.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "PoetryServer", DefaultParameterSetName = ObjectSet,
    SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PoetryServer))]
public sealed class StopPoetryServerCommand : ModuleCmdlet
{
    private const string ObjectSet = "InputObject";
    private const string IdSet = "Id";
    private const string PortSet = "Port";
    private const string AllSet = "All";

    /// <summary>Servers, e.g. from Start-PoetryServer or Get-PoetryServer.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
    [ValidateNotNull]
    public PoetryServer[] InputObject { get; set; } = Array.Empty<PoetryServer>();

    /// <summary>Server ids.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet)]
    public int[] Id { get; set; } = Array.Empty<int>();

    /// <summary>Listening ports.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PortSet)]
    [ValidateRange(1, 65535)]
    public int[] Port { get; set; } = Array.Empty<int>();

    /// <summary>Stops every running server.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    /// <summary>Writes each stopped server.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var running = PoetryServerRegistry.List();
        switch (ParameterSetName)
        {
            case IdSet:
                foreach (var id in Id) StopOrMiss(running.Where(s => s.Id == id), $"id {id}", id);
                break;
            case PortSet:
                foreach (var port in Port) StopOrMiss(running.Where(s => s.Port == port), $"port {port}", port);
                break;
            case AllSet:
                foreach (var server in running) StopOne(server);
                break;
            default:
                foreach (var server in InputObject) StopOne(server);
                break;
        }
    }

    private void StopOrMiss(IEnumerable<PoetryServer> found, string what, object target)
    {
        var list = found.ToList();
        if (list.Count == 0)
            WriteError(ErrorCatalog.PoetryServerNotFound, new ItemNotFoundException($"No running poetry server has {what}. Get-PoetryServer lists them."), target);
        foreach (var server in list) StopOne(server);
    }

    private void StopOne(PoetryServer server)
    {
        if (!ShouldProcess($"{server.Name} (id {server.Id}, {server.Address})", "Stop poetry server")) return;
        try
        {
            server.Stop(StopToken);
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (Exception e) when (e is not PipelineStoppedException)
        {
            WriteError(ErrorCatalog.PoetryServerStopFailed, e, server,
                $"The server {server.Id} ({server.Address}) did not stop in time: {e.Message} It stops once its reactor is free.");
            return;
        }
        if (PassThru) WriteObject(server);
    }
}
