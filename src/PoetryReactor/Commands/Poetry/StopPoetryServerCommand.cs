using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Completers;
using PoetryReactor.Errors;
using PoetryReactor.Objects;
using PoetryReactor.Poetry;

namespace PoetryReactor.Commands;

/// <summary>
/// Stop-PoetryServer: stops servers given as objects, ids, names, ports or -All. Each stops listening
/// (its port is free when the cmdlet returns) and closes its live connections. Stopping a server
/// that is already stopped does nothing; an id, port or plain name that matches no running server is a
/// non-terminating PoetryServerNotFound error. Ctrl+C ends the wait for a busy reactor.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "PoetryServer", DefaultParameterSetName = ObjectSet,
    SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Docs + "Stop-PoetryServer.md")]
[OutputType(typeof(PoetryServer))]
public sealed class StopPoetryServerCommand : ModuleCmdlet
{
    private const string ObjectSet = "InputObject";
    private const string IdSet = "Id";
    private const string NameSet = "Name";
    private const string PortSet = "Port";
    private const string AllSet = "All";

    /// <summary>Servers, e.g. from Start-PoetryServer or Get-PoetryServer.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
    [ValidateNotNull]
    public PoetryServer[] InputObject { get; set; } = Array.Empty<PoetryServer>();

    /// <summary>Server ids.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public int[] Id { get; set; } = Array.Empty<int>();

    /// <summary>Server names (the poems' names); wildcards allowed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Listening ports.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PortSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 65535)]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public int[] Port { get; set; } = Array.Empty<int>();

    /// <summary>Stops every running server.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    /// <summary>Writes each stopped server.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        IEnumerable<PoetryServer> servers = ParameterSetName switch
        {
            ObjectSet => InputObject,
            AllSet => PoetryServerRegistry.List(),
            _ => PipedObjectFits(typeof(PoetryServer)) ? GetPoetryServerCommand.Select(this, ParameterSetName, Id, Name, Port) : [],
        };
        foreach (var server in servers) StopOne(server);
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
