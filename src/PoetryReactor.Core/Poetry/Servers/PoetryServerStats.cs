using System.Diagnostics;
using System.Net;

namespace PoetryReactor.Core.Poetry.Servers;

/// <summary>
/// Counters and per-connection events of a poetry server, shared by every server kind.
/// Counters are safe to read from any thread; events are raised on the server's thread, and an
/// exception thrown by a handler is traced and otherwise ignored so the server carries on.
/// </summary>
public sealed class PoetryServerStats
{
    private readonly TimeProvider _clock;
    private readonly PoetryServerStats? _whole;
    private long _accepted;
    private long _served;
    private long _aborted;
    private long _refused;
    private long _active;
    private long _bytesSent;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, Connection> _open = new();

    /// <summary>Creates empty statistics stamped by <paramref name="clock"/> (system clock if null).</summary>
    public PoetryServerStats(TimeProvider? clock = null) => _clock = clock ?? TimeProvider.System;

    /// <summary>One worker's share of <paramref name="whole"/>: what it counts and raises, the whole counts and raises too.</summary>
    internal PoetryServerStats(PoetryServerStats whole)
    {
        _clock = whole._clock;
        _whole = whole;
    }

    /// <summary>A client connected.</summary>
    public event EventHandler<PoetryServerEventArgs>? Connected;

    /// <summary>A chunk of the poem was handed to the connection.</summary>
    public event EventHandler<PoetryServerEventArgs>? ChunkSent;

    /// <summary>The whole poem was sent and the connection closed.</summary>
    public event EventHandler<PoetryServerEventArgs>? Finished;

    /// <summary>The connection ended before the whole poem was sent (client gone, server stopped).</summary>
    public event EventHandler<PoetryServerEventArgs>? Aborted;

    /// <summary>Connections accepted so far.</summary>
    public long ConnectionsAccepted => Interlocked.Read(ref _accepted);

    /// <summary>Connections that received the whole poem.</summary>
    public long ConnectionsServed => Interlocked.Read(ref _served);

    /// <summary>Connections that ended early.</summary>
    public long ConnectionsAborted => Interlocked.Read(ref _aborted);

    /// <summary>Connections closed at once because the server was at its connection limit.</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _refused);

    /// <summary>Connections open now.</summary>
    public long ActiveConnections => Interlocked.Read(ref _active);

    /// <summary>Poem bytes sent over all connections.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Records a new connection and raises <see cref="Connected"/>.</summary>
    internal Connection Open(EndPoint? peer, Action? close = null)
    {
        // Numbered by the whole server, so numbers stay unique over its workers.
        long number = Interlocked.Increment(ref _accepted);
        if (_whole is not null) number = Interlocked.Increment(ref _whole._accepted);
        var connection = new Connection(this, number, peer, _clock.GetUtcNow(), close);
        for (var s = this; s is not null; s = s._whole)
        {
            s._open[number] = connection;
            Interlocked.Increment(ref s._active);
            s.Raise(s.Connected, connection, 0, null);
        }
        return connection;
    }

    /// <summary>The connections open now, by number: for listing them, and closing one.</summary>
    internal IReadOnlyList<Connection> OpenConnections() => _open.Values.OrderBy(c => c.Number).ToArray();

    /// <summary>Records a connection closed at once for being over the limit.</summary>
    internal void Refuse()
    {
        for (var s = this; s is not null; s = s._whole) Interlocked.Increment(ref s._refused);
    }

    private void Raise(EventHandler<PoetryServerEventArgs>? handler, Connection c, int bytes, Exception? error)
    {
        if (handler is null)
        {
            return;
        }
        try
        {
            handler(this, new PoetryServerEventArgs(c.Number, c.Peer, bytes, c.BytesSent, _clock.GetUtcNow(), error));
        }
        catch (Exception ex)
        {
            Trace.TraceError($"A poetry server event handler failed: {ex}");
        }
    }

    /// <summary>One connection's tally; ends exactly once.</summary>
    internal sealed class Connection(PoetryServerStats stats, long number, EndPoint? peer, DateTimeOffset startTime, Action? close)
    {
        private int _ended;
        private string? _peerText;

        public long Number { get; } = number;

        /// <summary>The client's address as text, made when first asked for (most connections of a fast server never are).</summary>
        public string Peer => _peerText ??= peer?.ToString() ?? "?";

        public DateTimeOffset StartTime { get; } = startTime;

        /// <summary>True once the connection has ended (served whole or aborted).</summary>
        public bool HasEnded => Volatile.Read(ref _ended) != 0;

        /// <summary>
        /// Cuts the connection with a reset (a clean close would tell the client its poem was whole), on the
        /// thread that owns it (the reactor's, for a reactor server); null when it cannot be cut from outside.
        /// </summary>
        public Action? Close { get; } = close;

        public long BytesSent { get; private set; }

        public void Sent(int bytes)
        {
            BytesSent += bytes;
            for (var s = stats; s is not null; s = s._whole)
            {
                Interlocked.Add(ref s._bytesSent, bytes);
                s.Raise(s.ChunkSent, this, bytes, null);
            }
        }

        public void Finish() => End(served: true, null);

        public void Abort(Exception error) => End(served: false, error);

        private void End(bool served, Exception? error)
        {
            if (Interlocked.Exchange(ref _ended, 1) != 0)
            {
                return;
            }
            for (var s = stats; s is not null; s = s._whole)
            {
                Interlocked.Increment(ref served ? ref s._served : ref s._aborted);
                Interlocked.Decrement(ref s._active);
                s._open.TryRemove(Number, out _);
                s.Raise(served ? s.Finished : s.Aborted, this, 0, error);
            }
        }
    }
}
