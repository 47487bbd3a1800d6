using System.Net;
using System.Runtime.InteropServices;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Datagram;

// The raw-descriptor path (Epoll backend): recvmmsg in, sendmmsg out, no exception on any of it.
internal sealed unsafe partial class UdpPort
{
    private readonly DatagramBatch? _batch;
    private uint _dropsSeen;

    /// <summary>
    /// Datagrams one recvmmsg asks for (1..<see cref="DatagramBatch.ReceiveSlots"/>); the benchmarks set 1
    /// to measure the design without batching (a recvmmsg and a sendmmsg per datagram).
    /// </summary>
    internal static int ReceiveBatch { get; set; } = DatagramBatch.ReceiveSlots;

    // Reads in batches until the queue is empty or the budget is spent; the replies written meanwhile
    // leave after each batch in one sendmmsg.
    private Exception? ReadRaw()
    {
        var batch = _batch!;
        int budget = MaxDatagramsPerRead;
        _batching = true;
        try
        {
            while (budget > 0)
            {
                int want = Math.Min(Math.Clamp(ReceiveBatch, 1, DatagramBatch.ReceiveSlots), budget);
                int n = batch.Receive((int)_fd, want, out int errno);
                if (n < 0)
                {
                    if (errno == Errno.EAGAIN) return null;
                    budget--;
                    if (errno == Errno.EINTR) continue;
                    if (errno == Errno.ECONNREFUSED) Refused();
                    else ReceiveFailed(Errno.ToSocketError(errno));
                    if (_stopped is not null) return null;
                    continue;
                }
                for (int i = 0; i < n; i++)
                {
                    if (batch.TryGetDropCount(i, out uint drops)) CountDrops(drops);
                    if (batch.Truncated(i))
                    {
                        Stats.Truncated();
                        continue;
                    }
                    var from = _peer ?? _senders.Get(batch.Name(i), (batch, i), static s => SockAddrOf(s.batch, s.i));
                    if (from is null) continue; // not an IP sender: nothing to tell the protocol
                    Deliver(batch.Data(i), from);
                    if (_stopped is not null) return null;
                }
                FlushBatch();
                budget -= n;
                if (n < want) return null; // the queue is empty: no recvmmsg just to hear EAGAIN
            }
            Stats.ReadCutShort();
            return null;
        }
        finally
        {
            if (_stopped is null) FlushBatch();
            _batching = false;
        }
    }

    private static IPEndPoint? SockAddrOf(DatagramBatch batch, int i)
    {
        var name = batch.Name(i);
        fixed (byte* p = name) return name.Length >= 16 ? SockAddr.Read(p) : null;
    }

    // The drop counter is the kernel's running total; each datagram carries it as it stood when the
    // datagram was queued, so older datagrams may carry smaller values.
    private void CountDrops(uint drops)
    {
        uint delta = drops - _dropsSeen;
        if (delta == 0 || delta > int.MaxValue) return;
        _dropsSeen = drops;
        Stats.KernelDrops(Stats.DroppedByKernel + delta);
    }

    private void Batch(ReadOnlySpan<byte> data, IPEndPoint? to)
    {
        var batch = _batch!;
        if (batch.TryAdd(data, to)) return;
        FlushBatch();
        if (_queue is { Count: > 0 }) Enqueue(data, to); // the flush met a full socket: keep the order
        else if (!batch.TryAdd(data, to)) SendRaw(data, to);
    }

    // Hands the batch to the kernel; what it cannot take now waits in the queue.
    private void FlushBatch()
    {
        var batch = _batch;
        if (batch is null || batch.SendCount == 0) return;
        int start = 0, refused = 0;
        while (start < batch.SendCount)
        {
            int n = batch.Send((int)_fd, start, out int errno);
            if (n > 0)
            {
                long bytes = 0;
                for (int i = start; i < start + n; i++) bytes += batch.SendData(i).Length;
                Stats.Sent(n, bytes);
                start += n;
                continue;
            }
            if (errno == Errno.EINTR) continue;
            if (errno == Errno.EAGAIN)
            {
                // Order is kept: the rest waits, and so does everything written after it.
                _batching = false;
                for (int i = start; i < batch.SendCount; i++) Enqueue(batch.SendData(i), batch.SendTarget(i));
                _batching = true;
                break;
            }
            // The first datagram failed: it is dropped, the rest are tried again.
            if (errno == Errno.ECONNREFUSED && _peer is not null) refused++;
            else SendFailed(Errno.ToSocketError(errno), batch.SendTarget(start));
            start++;
        }
        batch.ClearSends();
        if (refused > 0)
        {
            // Heard after the batch is empty, so what the protocol writes now starts a new one.
            for (int i = 0; i < refused && _stopped is null; i++) Refused();
        }
    }

    private void SendRaw(ReadOnlySpan<byte> data, IPEndPoint? to)
    {
        if (!TrySendRawOnce(data, to)) Enqueue(data, to);
    }

    // One sendto; false only for EAGAIN (the caller queues or keeps it), every other outcome is final.
    private bool TrySendRawOnce(ReadOnlySpan<byte> data, IPEndPoint? to)
    {
        byte* addr = stackalloc byte[SocketNative.SockAddrSize];
        int len = to is null ? 0 : SockAddr.Write(to, addr);
        while (true)
        {
            nint n;
            fixed (byte* p = data) n = SocketNative.sendto((int)_fd, p, data.Length, SocketNative.MSG_NOSIGNAL, to is null ? null : addr, len);
            if (n >= 0)
            {
                Stats.Sent(1, data.Length);
                return true;
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.EINTR) continue;
            if (errno == Errno.EAGAIN) return false;
            if (errno == Errno.ECONNREFUSED && _peer is not null) Refused();
            else SendFailed(Errno.ToSocketError(errno), to);
            return true;
        }
    }
}
