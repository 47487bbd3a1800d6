using System.Management.Automation;
using System.Net;
using PoetryReactor.Cmdlets;
using PoetryReactor.Completers;
using PoetryReactor.Core;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Core.Poetry.Servers;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;
using PoetryReactor.Poetry;

namespace PoetryReactor.Commands;

/// <summary>
/// Start-PoetryServer: starts one slow poetry server per poem (the tutorial's slowpoetry.py:
/// 10 bytes every 0.7 s on localhost, a free port) and writes a <see cref="PoetryServer"/> for
/// each as soon as it listens. Reactor servers live on the module's reactor; -Blocking ones on
/// their own thread. Both keep serving after the cmdlet returns, until Stop-PoetryServer,
/// Stop-Reactor (reactor servers), module removal or process exit. A poem that cannot be served
/// is a non-terminating error and the others still start.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "PoetryServer", DefaultParameterSetName = PoemSet, SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Start-PoetryServer.md")]
[OutputType(typeof(PoetryServer))]
public sealed class StartPoetryServerCommand : ModuleCmdlet
{
    private const string PoemSet = "Poem";
    private const string PathSet = "Path";

    private IPAddress? _interface;
    private string? _portTakenBy;

    /// <summary>Names of shipped poems (Get-PoetryPoem lists them).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PoemSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PoemNameCompleter))]
    public string[] Poem { get; set; } = Array.Empty<string>();

    /// <summary>Paths of poem files; binds FullName, PSPath or LiteralPath of piped files.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [Alias("FullName", "PSPath", "LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>The port; 0 (the default) picks a free one per server. Only one server can have a given port.</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    /// <summary><c>localhost</c> (the IPv4 loopback, default), an IP address of this machine, or <c>*</c> for all interfaces.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Interface { get; set; } = "localhost";

    /// <summary>Bytes per chunk.</summary>
    [Parameter]
    [ValidateRange(1, 1024 * 1024)]
    public int ChunkSize { get; set; } = PoetryServerOptions.DefaultChunkSize;

    /// <summary>Seconds between chunks; 0 sends the whole poem at once.</summary>
    [Parameter]
    [ValidateRange(0.0, 86_400.0)]
    public double Delay { get; set; } = PoetryServerOptions.DefaultDelay.TotalSeconds;

    /// <summary>The tutorial's Part 2 blocking server: one client at a time, on its own thread.</summary>
    [Parameter]
    public SwitchParameter Blocking { get; set; }

    /// <summary>The most clients served at once; more are closed at once. No limit when omitted.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxConnections { get; set; }

    /// <summary>
    /// Reactors serving each poem, each on its own thread (a connection stays on one from start to end):
    /// 1 (the default) is the module's reactor alone, 0 one per core.
    /// </summary>
    [Parameter]
    [ValidateRange(0, ModuleReactor.MaxWorkers)]
    public int Workers { get; set; } = 1;

    protected override void BeginProcessing()
    {
        if (Blocking && Workers != 1)
            ThrowTerminatingError(ErrorRecords.Create(ErrorCatalog.WorkersNotSupported, new ArgumentException(
                "-Workers spreads a server over reactors; a -Blocking server serves one client at a time on its own thread. Leave out one of them."), Workers));
        if (!BindAddress.TryParse(Interface, out var address)) return;
        _interface = address;
        if (BindAddress.IsAll(address))
            WriteWarning($"Listening on all interfaces ({address}): any host that can reach this machine can connect. Use -Interface localhost to serve this machine only.");
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == PoemSet)
            foreach (var name in Poem) StartOne(name, () => LoadShipped(name));
        else
            foreach (var path in Path)
            {
                var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
                StartOne(full, () => (System.IO.Path.GetFileNameWithoutExtension(full), full, PoemFile.ReadAllBytes(full)));
            }
    }

    private static (string Name, string Path, byte[] Bytes) LoadShipped(string name)
    {
        var info = ShippedPoems.Catalog.Find(name);
        return (info.Name, info.Path, PoemFile.ReadAllBytes(info.Path));
    }

    private void StartOne(string what, Func<(string Name, string Path, byte[] Bytes)> load)
    {
        if (_interface is null)
        {
            WriteError(ErrorCatalog.InterfaceInvalid, new ArgumentException(
                $"Interface '{Interface}' is not 'localhost', '*' or an IP address of this machine; host names are not accepted."), Interface);
            return;
        }
        if (Port != 0 && _portTakenBy is not null)
        {
            var ex = new InvalidOperationException(
                $"Cannot serve '{what}' on port {Port}: that port went to '{_portTakenBy}', the first server of this call, and a port has one server. Use -Port 0 for free ports.");
            WriteError(ErrorCatalog.PortInUse, ex, new IPEndPoint(_interface, Port).ToString());
            return;
        }
        (string Name, string Path, byte[] Bytes) poem;
        try
        {
            poem = load();
        }
        catch (PoetryException e)
        {
            WriteError(PoemError(e, what));
            return;
        }
        if (poem.Bytes.Length == 0)
        {
            var ex = new InvalidDataException($"The poem '{poem.Path}' is empty: there is nothing to serve.");
            WriteError(ErrorCatalog.PoetryEmpty, ex, what);
            return;
        }
        var workers = WorkerSettings.Resolve(Workers);
        if (!ShouldProcess($"{poem.Name} on {new IPEndPoint(_interface, Port)}{(Blocking ? " (blocking)" : workers > 1 ? $" ({workers} workers)" : "")}", "Start poetry server")) return;
        var options = new PoetryServerOptions
        {
            PoemBytes = poem.Bytes,
            ChunkSize = ChunkSize,
            Delay = TimeSpan.FromSeconds(Delay),
            Interface = _interface,
            Port = Port,
            MaxConnections = MaxConnections,
        };
        IPoetryServer started;
        IReadOnlyList<ReactorHost> hosts;
        try
        {
            (started, hosts) = ServerStarter.Start(options, Blocking.IsPresent, WorkerSettings.Resolve(Workers), StopToken);
        }
        catch (PoetryException e)
        {
            WriteError(BindError(e, options));
            return;
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (Exception e) when (e is TimeoutException or Core.ReactorNotRunningException or InvalidOperationException)
        {
            WriteError(ErrorRecords.FromException(e, new IPEndPoint(options.Interface, options.Port).ToString(), ErrorCatalog.ReactorStartFailed));
            return;
        }
        if (Port != 0) _portTakenBy = poem.Name;
        var server = new PoetryServer(PoetryServerRegistry.NextId(), poem.Name, poem.Path, started, hosts);
        PoetryServerRegistry.Add(server);
        WriteVerbose($"Serving {poem.Path} on port {server.Port}.");
        WriteObject(server);
    }

    private ErrorRecord PoemError(PoetryException e, string what) => e.Kind switch
    {
        PoetryErrorKind.PoemNotFound when ParameterSetName == PoemSet =>
            ErrorRecords.Create(ErrorCatalog.PoetryPoemNotFound, LooksLikePath(what) ? new ItemNotFoundException($"{e.Message} Give files with -Path.", e) : e, what),
        PoetryErrorKind.PoemNotFound => ErrorRecords.Create(ErrorCatalog.PoetryFileNotFound, e, what),
        _ => ErrorRecords.Create(ErrorCatalog.PoetryFileInvalid, e, what),
    };

    private static bool LooksLikePath(string name) =>
        name.IndexOfAny(['/', '\\']) >= 0 || name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase);

    private ErrorRecord BindError(PoetryException e, PoetryServerOptions options)
    {
        var endPoint = new IPEndPoint(options.Interface, options.Port).ToString();
        if (BindAddress.IsNotLocal(e))
        {
            var ex = new ArgumentException($"Cannot listen on {endPoint}: {options.Interface} is not an address of this machine.", e);
            return ErrorRecords.Create(ErrorCatalog.InterfaceInvalid, ex, Interface);
        }
        if (e.Kind == PoetryErrorKind.AddressInUse)
        {
            var ex = new InvalidOperationException($"Cannot listen on {endPoint}: the port is in use. Use -Port 0 for a free port.", e);
            return ErrorRecords.Create(ErrorCatalog.PortInUse, ex, endPoint);
        }
        return ErrorRecords.Create(ErrorCatalog.ListenFailed, e, endPoint);
    }
}
