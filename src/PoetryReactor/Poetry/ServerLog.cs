using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Servers;

namespace PoetryReactor.Poetry;

/// <summary>
/// A server's recent connection log in the tutorial's words ("Somebody at ... wants poetry!"),
/// bounded to <see cref="Capacity"/> lines, the oldest dropped first. Written on the server's
/// thread while no cmdlet is there to write verbose records; read from any thread.
/// </summary>
internal sealed class ServerLog
{
    public const int Capacity = 500;

    private readonly Queue<string> _lines = new(Capacity);
    private long _dropped;

    public void Add(string line)
    {
        var stamped = $"{DateTime.Now:HH:mm:ss.fff} {line}";
        lock (_lines)
        {
            if (_lines.Count == Capacity)
            {
                _lines.Dequeue();
                _dropped++;
            }
            _lines.Enqueue(stamped);
        }
    }

    /// <summary>The lines kept, oldest first, after a note of how many older ones were dropped.</summary>
    public string[] Snapshot()
    {
        lock (_lines)
        {
            var lines = _lines.ToArray();
            return _dropped == 0 ? lines : [$"({_dropped} older line(s) dropped)", .. lines];
        }
    }

    /// <summary>Logs every connection event of <paramref name="stats"/>.</summary>
    public void Follow(PoetryServerStats stats)
    {
        stats.Connected += (_, e) => Add($"Somebody at {e.Peer} wants poetry!");
        stats.ChunkSent += (_, e) => Add($"Sending {e.Bytes} bytes of poetry to {e.Peer}");
        stats.Finished += (_, e) => Add($"Sent the whole poem to {e.Peer}: {e.ConnectionBytes} bytes");
        stats.Aborted += (_, e) => Add($"Connection from {e.Peer} ended after {e.ConnectionBytes} bytes: {e.Error?.Message}");
    }
}
