namespace PoetryReactor.Core.Poetry.Clients;

/// <summary>Settings shared by every client mode. Setters validate; read once when a fetch starts.</summary>
public sealed class PoetryClientOptions
{
    /// <summary>The default <see cref="Timeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default <see cref="MaxBytes"/>: 16 MiB.</summary>
    public const int DefaultMaxBytes = 16 * 1024 * 1024;

    /// <summary>The default <see cref="ReceiveBufferSize"/>: 4 KiB.</summary>
    public const int DefaultReceiveBufferSize = 4096;

    private TimeSpan _timeout = DefaultTimeout;
    private int _maxBytes = DefaultMaxBytes;
    private int _receiveBufferSize = DefaultReceiveBufferSize;

    /// <summary>
    /// How long a task may go without progress before it fails with
    /// <see cref="PoetryErrorKind.Timeout"/>: it bounds name resolution, the connect, and each
    /// wait for the next chunk (not the whole poem, since slow servers are the point).
    /// Positive, or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none. Default 30 s.
    /// </summary>
    public TimeSpan Timeout
    {
        get => _timeout;
        set
        {
            if (value != System.Threading.Timeout.InfiniteTimeSpan &&
                (value <= TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value,
                    "The timeout must be positive (at most int.MaxValue ms) or infinite.");
            }
            _timeout = value;
        }
    }

    /// <summary>
    /// The most bytes one poem may have; a longer one is cut there, its connection closed, and
    /// it fails with <see cref="PoetryErrorKind.TooLarge"/>. 1 or more; default 16 MiB.
    /// </summary>
    public int MaxBytes
    {
        get => _maxBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxBytes = value;
        }
    }

    /// <summary>The size of each read's buffer, 1 byte to 1 MiB; default 4 KiB.</summary>
    public int ReceiveBufferSize
    {
        get => _receiveBufferSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1024 * 1024);
            _receiveBufferSize = value;
        }
    }

    /// <summary>
    /// Called for every read that delivered data, on the thread that read it. Calls for one fetch
    /// never overlap. Keep it short: the reading thread waits for it.
    /// </summary>
    public Action<ChunkEvent>? ChunkReceived { get; set; }

    /// <summary>
    /// Called once per task the moment its poem is complete or has failed, in completion order,
    /// on the thread that finished it; calls for one fetch never overlap. If it throws, the
    /// fetch is cancelled and <c>FetchAsync</c> fails with that exception.
    /// </summary>
    public Action<Poem>? PoemCompleted { get; set; }

    /// <summary>The clock for the poems' timestamps and elapsed times; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Returns a copy, so a running fetch is unaffected by later changes.</summary>
    public PoetryClientOptions Clone() => (PoetryClientOptions)MemberwiseClone();
}
