using System.Net;

namespace PoetryReactor.Core.Poetry.Servers;

/// <summary>
/// How a poetry server serves, with the tutorial's slowpoetry.py defaults: 10 bytes every
/// 0.7 s on the IPv4 loopback, on a free port. Shared by every server kind; setters validate.
/// </summary>
public sealed class PoetryServerOptions
{
    /// <summary>The default <see cref="ChunkSize"/>: 10 bytes.</summary>
    public const int DefaultChunkSize = 10;

    /// <summary>The default <see cref="Delay"/>: 0.7 s.</summary>
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromSeconds(0.7);

    private byte[] _poem = [];
    private int _chunkSize = DefaultChunkSize;
    private TimeSpan _delay = DefaultDelay;
    private IPAddress _interface = IPAddress.Loopback;
    private int _port;
    private int _maxConnections;

    /// <summary>The poem's bytes, sent as they are. Setting stores a copy; empty by default.</summary>
    public byte[] PoemBytes
    {
        get => _poem;
        set => _poem = (byte[])(value ?? throw new ArgumentNullException(nameof(value))).Clone();
    }

    /// <summary>Bytes per chunk, 1 or more; default 10.</summary>
    public int ChunkSize
    {
        get => _chunkSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _chunkSize = value;
        }
    }

    /// <summary>The pause between chunks, zero (no pause) or more; default 0.7 s.</summary>
    public TimeSpan Delay
    {
        get => _delay;
        set
        {
            if (value < TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The delay must be zero or positive.");
            }
            _delay = value;
        }
    }

    /// <summary>The address to listen on; the IPv4 loopback by default.</summary>
    public IPAddress Interface
    {
        get => _interface;
        set => _interface = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The port to listen on, 0 (any free port) to 65535; default 0.</summary>
    public int Port
    {
        get => _port;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 0);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, IPEndPoint.MaxPort);
            _port = value;
        }
    }

    /// <summary>
    /// The most clients served at once, 0 (the default) for no limit. A client over the limit is
    /// closed at once and counted in <see cref="PoetryServerStats.ConnectionsRefused"/>. Servers that
    /// serve one client at a time (<see cref="PoetryServerMode.Blocking"/>) queue the others instead.
    /// </summary>
    public int MaxConnections
    {
        get => _maxConnections;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 0);
            _maxConnections = value;
        }
    }

    /// <summary>Options serving the poem in <paramref name="path"/> (see <see cref="PoemFile.ReadAllBytes"/>).</summary>
    public static PoetryServerOptions FromFile(string path, int maxBytes = PoemFile.DefaultMaxBytes) =>
        new() { _poem = PoemFile.ReadAllBytes(path, maxBytes) };

    /// <summary>Returns a copy, so a running server is unaffected by later changes.</summary>
    public PoetryServerOptions Clone() => (PoetryServerOptions)MemberwiseClone();
}
