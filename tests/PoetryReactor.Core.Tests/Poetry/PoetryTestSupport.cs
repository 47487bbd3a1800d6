using System.Net;
using System.Net.Sockets;
using System.Text;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Core.Poetry.Servers;

namespace PoetryReactor.Core.Tests.Poetry;

/// <summary>Helpers shared by the poetry tests.</summary>
internal static class PoetryTestSupport
{
    /// <summary>Bounds every wait: only reached when something is broken.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static readonly PoetryClientMode[] AllModes = Enum.GetValues<PoetryClientMode>();

    public static IEnumerable<object[]> Modes => AllModes.Select(m => new object[] { m });

    public static IEnumerable<object[]> ConcurrentModes =>
        AllModes.Where(m => m != PoetryClientMode.Blocking).Select(m => new object[] { m });

    /// <summary>A client of <paramref name="mode"/>; the reactor ones on a private reactor unless one is given.</summary>
    public static IPoetryClient Client(PoetryClientMode mode, Reactor? reactor = null) => mode switch
    {
        PoetryClientMode.Blocking => new BlockingPoetryClient(),
        PoetryClientMode.Threaded => new ThreadedPoetryClient(),
        PoetryClientMode.Select => new SelectPoetryClient(),
        PoetryClientMode.Reader => new ReaderPoetryClient(reactor),
        PoetryClientMode.Protocol => new ProtocolPoetryClient(reactor),
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public static BlockingPoetryServer StartServer(byte[] poem, int chunkSize = 10, double delaySeconds = 0)
    {
        var server = new BlockingPoetryServer(new PoetryServerOptions
        {
            PoemBytes = poem,
            ChunkSize = chunkSize,
            Delay = TimeSpan.FromSeconds(delaySeconds),
        });
        server.Start();
        return server;
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static async Task<Poem> FetchOneAsync(PoetryClientMode mode, HostPort address, PoetryClientOptions? options = null)
    {
        IReadOnlyList<Poem> poems = await Client(mode).FetchAsync([address], options).WaitAsync(Patience);
        return Assert.Single(poems);
    }

    public static PoetryErrorKind ErrorKind(Poem poem) =>
        Assert.IsType<PoetryException>(poem.Error).Kind;

    /// <summary>
    /// A TCP port that refuses connections for as long as the socket lives: bound but not
    /// listening, so nothing else can take the port meanwhile.
    /// </summary>
    public static Socket BindRefusingPort(out HostPort address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        address = HostPort.FromEndPoint((IPEndPoint)socket.LocalEndPoint!);
        return socket;
    }

    /// <summary>Walks up from the test binaries to the folder holding the solution.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PoetryReactor.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Open sockets of this process, from /proc/self/fd.</summary>
    public static int CountOpenSockets() =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Count(fd => fd.LinkTarget?.StartsWith("socket:[", StringComparison.Ordinal) == true);
}

/// <summary>
/// A loopback listener that hands each accepted connection to a script on its own thread,
/// for server behaviour BlockingPoetryServer does not have (resets, silence).
/// </summary>
internal sealed class ScriptedServer : IDisposable
{
    private readonly Socket _listener;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();

    public ScriptedServer(Action<Socket, CancellationToken> script)
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(5);
        Address = HostPort.FromEndPoint((IPEndPoint)_listener.LocalEndPoint!);
        _thread = new Thread(() =>
        {
            try
            {
                using Socket client = _listener.Accept();
                script(client, _stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // Disposed while waiting, or the client went away: the test sees it from its side.
            }
        }) { IsBackground = true, Name = "Scripted poetry server" };
        _thread.Start();
    }

    public HostPort Address { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        Assert.True(_thread.Join(PoetryTestSupport.Patience), "the scripted server did not stop");
    }
}

/// <summary>A clock that moves only when told.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _ticks;

    public override DateTimeOffset GetUtcNow() => start + TimeSpan.FromTicks(_ticks);

    public override long GetTimestamp() => _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}
