namespace PoetryReactor.Core.Datagram;

/// <summary>
/// A UDP port's counters, kept by the reactor thread and readable from any thread (each value is
/// recent; values are not read together atomically).
/// </summary>
public sealed class UdpPortStats
{
    private long _received, _bytesReceived, _empty, _truncated, _callbackErrors, _droppedByKernel,
        _refused, _receiveErrors, _sent, _bytesSent, _sendErrors, _sendsDropped, _queued, _readsCut;

    /// <summary>Datagrams handed to the protocol (empty ones included).</summary>
    public long DatagramsReceived => Volatile.Read(ref _received);

    /// <summary>Bytes in the datagrams received.</summary>
    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    /// <summary>Empty datagrams received (each also counted in <see cref="DatagramsReceived"/>).</summary>
    public long EmptyDatagrams => Volatile.Read(ref _empty);

    /// <summary>Datagrams longer than the receive buffer, dropped (none while buffers hold 64 KiB, as they do).</summary>
    public long TruncatedDatagrams => Volatile.Read(ref _truncated);

    /// <summary>Exceptions thrown by the protocol's callbacks (each was reported, and the port went on).</summary>
    public long CallbackErrors => Volatile.Read(ref _callbackErrors);

    /// <summary>
    /// Datagrams the kernel dropped because the receive buffer was full (SO_RXQ_OVFL, Linux), as of
    /// the last datagram read after them; 0 where the system does not tell.
    /// </summary>
    public long DroppedByKernel => Volatile.Read(ref _droppedByKernel);

    /// <summary>ICMP "port unreachable" answers heard by a connected port.</summary>
    public long ConnectionRefusals => Volatile.Read(ref _refused);

    /// <summary>Other errors a read reported (ICMP host or network unreachable on a connected port...).</summary>
    public long ReceiveErrors => Volatile.Read(ref _receiveErrors);

    /// <summary>Datagrams the kernel took for sending.</summary>
    public long DatagramsSent => Volatile.Read(ref _sent);

    /// <summary>Bytes in the datagrams sent.</summary>
    public long BytesSent => Volatile.Read(ref _bytesSent);

    /// <summary>Datagrams the kernel refused to send (each reported, throttled to one report a second).</summary>
    public long SendErrors => Volatile.Read(ref _sendErrors);

    /// <summary>Datagrams dropped because the send queue was full, or still queued when the port closed.</summary>
    public long SendsDropped => Volatile.Read(ref _sendsDropped);

    /// <summary>Datagrams waiting in the send queue for the socket to take them.</summary>
    public long Queued => Volatile.Read(ref _queued);

    /// <summary>Wake-ups that stopped reading at the per-wake budget with datagrams maybe left (a flood).</summary>
    public long ReadsCutShort => Volatile.Read(ref _readsCut);

    internal void Received(int length)
    {
        Volatile.Write(ref _received, _received + 1);
        Volatile.Write(ref _bytesReceived, _bytesReceived + length);
        if (length == 0) Volatile.Write(ref _empty, _empty + 1);
    }

    internal void Sent(long datagrams, long bytes)
    {
        Volatile.Write(ref _sent, _sent + datagrams);
        Volatile.Write(ref _bytesSent, _bytesSent + bytes);
    }

    internal void Truncated() => Volatile.Write(ref _truncated, _truncated + 1);
    internal void CallbackError() => Volatile.Write(ref _callbackErrors, _callbackErrors + 1);
    internal void KernelDrops(long total) => Volatile.Write(ref _droppedByKernel, total);
    internal void Refused() => Volatile.Write(ref _refused, _refused + 1);
    internal void ReceiveError() => Volatile.Write(ref _receiveErrors, _receiveErrors + 1);
    internal void SendError() => Volatile.Write(ref _sendErrors, _sendErrors + 1);
    internal void SendDropped(long count) => Volatile.Write(ref _sendsDropped, _sendsDropped + count);
    internal void SetQueued(long count) => Volatile.Write(ref _queued, count);
    internal void ReadCutShort() => Volatile.Write(ref _readsCut, _readsCut + 1);
}
