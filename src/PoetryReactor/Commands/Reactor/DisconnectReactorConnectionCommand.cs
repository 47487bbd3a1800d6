using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Completers;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>
/// Disconnect-ReactorConnection: closes connections given as objects, ids or names, cleanly (what was written
/// is sent first, as Twisted's loseConnection); one still connecting stops trying. A connection that has
/// closed has nothing left to close: that is quiet.
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "ReactorConnection", SupportsShouldProcess = true, DefaultParameterSetName = ObjectSet, HelpUri = HelpLinks.Docs + "Disconnect-ReactorConnection.md")]
[OutputType(typeof(ReactorConnection))]
public sealed class DisconnectReactorConnectionCommand : ReactorCmdlet
{
    private const string ObjectSet = "InputObject";
    private const string IdSet = "Id";
    private const string NameSet = "Name";

    /// <summary>The connections, as Get-ReactorConnection or Connect-ReactorClient -NoWait returned them.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
    [ValidateNotNull]
    public ReactorConnection[] InputObject { get; set; } = null!;

    /// <summary>Connection ids.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public int[] Id { get; set; } = Array.Empty<int>();

    /// <summary>Connection names; wildcards allowed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(HandleCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Emits each connection after closing it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        IEnumerable<ReactorConnection> connections = InputObject;
        if (ParameterSetName != ObjectSet)
        {
            if (!PipedObjectFits(typeof(ReactorConnection))) return;
            connections = HandleQuery.Select(GetReactorConnectionCommand.All(), ParameterSetName == IdSet ? Id : null,
                ParameterSetName == NameSet ? Name : null, null, c => c.Id, c => c.Name, null,
                NotFound(ErrorCatalog.ReactorConnectionNotFound, "open connection", "Get-ReactorConnection"));
        }
        foreach (var connection in connections)
        {
            if (connection is null || !ShouldProcess(connection.ToString(), "Disconnect")) continue;
            if (connection.State is ReactorConnectionState.Closed or ReactorConnectionState.Failed)
                WriteVerbose($"Nothing to disconnect: {connection} has {connection.State.ToString().ToLowerInvariant()}.");
            else if (!TryRun(() => connection.Disconnect(StopToken), connection, ErrorCatalog.ReactorNotRunning))
                continue;
            if (PassThru) WriteObject(connection);
        }
    }
}
