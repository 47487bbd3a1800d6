using System.Management.Automation;
using PoetryReactor.Callbacks;
using PoetryReactor.Cmdlets;
using PoetryReactor.Completers;
using PoetryReactor.Core.Net;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>
/// Connect-ReactorClient: Twisted's connectTCP with a protocol made of scriptblocks. Connects to every
/// address at once and writes the callbacks' records into this pipeline as they come, until every
/// connection has closed (or failed: ReactorConnectFailed). Ctrl+C closes them. With -NoWait, or inside
/// a callback, it emits the <see cref="ReactorConnection"/> objects at once and the records go to the
/// event queue (Wait-Reactor).
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "ReactorClient", HelpUri = HelpLinks.Docs + "Connect-ReactorClient.md")]
[OutputType(typeof(object), typeof(ReactorConnection))]
public sealed class ConnectReactorClientCommand : ScriptProtocolCmdlet
{
    private readonly List<HostPort> _addresses = new();

    /// <summary><c>host:port</c>, <c>[IPv6]:port</c> or a port on the IPv4 loopback.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [AddressTransformation]
    [ArgumentCompleter(typeof(AddressCompleter))]
    public string[] Address { get; set; } = null!;

    /// <summary>Seconds to resolve and connect before giving up (ReactorConnectFailed); 0 for no limit.</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public double TimeoutSec { get; set; } = 30;

    /// <summary>A name to find the connections again by (Get-ReactorConnection -Name).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>Emits the connections at once instead of waiting for them to close.</summary>
    [Parameter]
    public SwitchParameter NoWait { get; set; }

    protected override void ProcessRecord()
    {
        if (!PipedObjectFits(typeof(ReactorListener), typeof(PoetryServer))) return;
        foreach (var text in Address)
        {
            try
            {
                _addresses.Add(HostPort.Parse(text));
            }
            catch (FormatException ex)
            {
                WriteError(ErrorCatalog.AddressInvalid, ex, text);
            }
        }
    }

    protected override void EndProcessing()
    {
        if (_addresses.Count == 0) return;
        if (!TryCaptureProtocol(out var callbacks)) return;
        if (!TryGetReactor(out var host)) return;
        var wait = !NoWait && !ModuleReactor.OnReactorThread;
        var sink = wait ? new OutputQueue() : host.Events;
        var remaining = _addresses.Count;
        void Done()
        {
            // Reactor thread only, so a plain count will do.
            if (--remaining == 0 && wait) sink.Complete();
        }
        var timeout = TimeoutSec == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(TimeoutSec);
        if (!TryOnReactor(host, _ => _addresses
                .Select(a => ReactorConnection.Connect(host, Name, a.Text.Trim(), a.Host, a.Port, timeout, callbacks, sink, Done))
                .ToList(), null, ErrorCatalog.ReactorNotRunning, out var connections)) return;
        if (!wait)
        {
            WriteObject(connections, enumerateCollection: true);
            return;
        }
        // Ctrl+C: the connections go with the wait.
        StreamFromReactor(host, sink, Timeout.InfiniteTimeSpan, () => connections.ForEach(c => c.DisconnectNow()));
    }
}
