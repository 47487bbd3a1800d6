using System.Net;

namespace PoetryReactor.Core.Datagram;

/// <summary>
/// Datagrams waiting for the socket to take them (it answered EAGAIN), in order, bounded by bytes:
/// past <see cref="MaxBytes"/> new datagrams are dropped, as a full network queue would.
/// </summary>
internal sealed class SendQueue
{
    /// <summary>The most bytes waiting: 1 MiB.</summary>
    public const int MaxBytes = 1024 * 1024;

    private readonly Queue<(byte[] Data, IPEndPoint? To)> _items = new();

    public int Count => _items.Count;

    public long Bytes { get; private set; }

    /// <summary>Queues a copy of <paramref name="data"/>; false (nothing queued) when it would pass the bound.</summary>
    public bool TryAdd(ReadOnlySpan<byte> data, IPEndPoint? to)
    {
        if (Bytes + data.Length > MaxBytes && _items.Count > 0) return false;
        _items.Enqueue((data.ToArray(), to));
        Bytes += data.Length;
        return true;
    }

    public (byte[] Data, IPEndPoint? To) Peek() => _items.Peek();

    public void Pop()
    {
        var (data, _) = _items.Dequeue();
        Bytes -= data.Length;
    }

    /// <summary>Drops everything; returns how many datagrams were dropped.</summary>
    public int Clear()
    {
        int n = _items.Count;
        _items.Clear();
        Bytes = 0;
        return n;
    }
}
