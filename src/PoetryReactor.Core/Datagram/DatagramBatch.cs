using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PoetryReactor.Core.Net;
using static PoetryReactor.Core.Net.SocketNative;

namespace PoetryReactor.Core.Datagram;

/// <summary>
/// The native buffers of recvmmsg and sendmmsg, one set per reactor (raw-descriptor path): reads and
/// their replies are handled synchronously on the reactor thread, so every port of a reactor can share
/// them. Receive slots hold 64 KiB each, so every UDP datagram arrives whole; pages are touched only as
/// datagrams fill them. The send side collects the datagrams a port writes while it reads, and the port
/// hands them to the kernel in one sendmmsg.
/// </summary>
internal sealed unsafe class DatagramBatch
{
    /// <summary>Datagrams one recvmmsg may return.</summary>
    public const int ReceiveSlots = 32;

    /// <summary>Each receive slot: the largest UDP datagram fits.</summary>
    public const int SlotSize = 64 * 1024;

    /// <summary>Datagrams one sendmmsg may take.</summary>
    public const int SendSlots = 64;

    /// <summary>The bytes of queued sends before a flush: four datagrams of the largest size fit.</summary>
    public const int SendArenaSize = 256 * 1024;

    private const int NameStride = 32;
    private const int ControlStride = 32; // CMSG_SPACE(sizeof(uint)) = 24

    private static readonly ConditionalWeakTable<Reactor, DatagramBatch> Batches = new();

    private readonly MMsgHdr* _rx;
    private readonly IoVec* _rxIov;
    private readonly byte* _rxNames;
    private readonly byte* _rxControl;
    private readonly byte* _rxData;
    private readonly MMsgHdr* _tx;
    private readonly IoVec* _txIov;
    private readonly byte* _txNames;
    private readonly byte* _txArena;
    private readonly IPEndPoint?[] _txTargets = new IPEndPoint?[SendSlots];
    private int _txCount;
    private int _txUsed;

    private DatagramBatch()
    {
        _rx = (MMsgHdr*)NativeMemory.AllocZeroed((nuint)(ReceiveSlots * sizeof(MMsgHdr)));
        _rxIov = (IoVec*)NativeMemory.AllocZeroed((nuint)(ReceiveSlots * sizeof(IoVec)));
        _rxNames = (byte*)NativeMemory.AllocZeroed(ReceiveSlots * NameStride);
        _rxControl = (byte*)NativeMemory.AllocZeroed(ReceiveSlots * ControlStride);
        _rxData = (byte*)NativeMemory.Alloc((nuint)ReceiveSlots * SlotSize);
        _tx = (MMsgHdr*)NativeMemory.AllocZeroed((nuint)(SendSlots * sizeof(MMsgHdr)));
        _txIov = (IoVec*)NativeMemory.AllocZeroed((nuint)(SendSlots * sizeof(IoVec)));
        _txNames = (byte*)NativeMemory.AllocZeroed(SendSlots * NameStride);
        _txArena = (byte*)NativeMemory.Alloc(SendArenaSize);
        for (int i = 0; i < ReceiveSlots; i++)
        {
            _rxIov[i].Base = _rxData + (long)i * SlotSize;
            _rxIov[i].Length = SlotSize;
            _rx[i].Iov = _rxIov + i;
            _rx[i].IovLength = 1;
            _rx[i].Name = _rxNames + i * NameStride;
            _rx[i].Control = _rxControl + i * ControlStride;
        }
        for (int i = 0; i < SendSlots; i++)
        {
            _tx[i].Iov = _txIov + i;
            _tx[i].IovLength = 1;
        }
    }

    ~DatagramBatch()
    {
        NativeMemory.Free(_rx);
        NativeMemory.Free(_rxIov);
        NativeMemory.Free(_rxNames);
        NativeMemory.Free(_rxControl);
        NativeMemory.Free(_rxData);
        NativeMemory.Free(_tx);
        NativeMemory.Free(_txIov);
        NativeMemory.Free(_txNames);
        NativeMemory.Free(_txArena);
    }

    public static DatagramBatch For(Reactor reactor) => Batches.GetValue(reactor, static _ => new DatagramBatch());

    /// <summary>Datagrams waiting in the send batch.</summary>
    public int SendCount => _txCount;

    /// <summary>recvmmsg of up to <paramref name="count"/> datagrams: how many arrived, or -1 with <paramref name="errno"/>.</summary>
    public int Receive(int fd, int count, out int errno)
    {
        for (int i = 0; i < count; i++)
        {
            _rx[i].NameLength = SockAddrSize;
            _rx[i].ControlLength = ControlStride;
            _rx[i].Flags = 0;
        }
        int n = recvmmsg(fd, _rx, (uint)count, 0, null);
        errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
        return n;
    }

    /// <summary>The data of received datagram <paramref name="i"/>.</summary>
    public ReadOnlySpan<byte> Data(int i) => new(_rxIov[i].Base, (int)Math.Min(_rx[i].Length, SlotSize));

    /// <summary>The sender's address of received datagram <paramref name="i"/>.</summary>
    public ReadOnlySpan<byte> Name(int i) => new(_rx[i].Name, Math.Min(_rx[i].NameLength, SockAddrSize));

    /// <summary>True when datagram <paramref name="i"/> was longer than its slot (MSG_TRUNC).</summary>
    public bool Truncated(int i) => (_rx[i].Flags & MSG_TRUNC) != 0;

    /// <summary>The kernel's drop counter (SO_RXQ_OVFL) carried by datagram <paramref name="i"/>, if it has one.</summary>
    public bool TryGetDropCount(int i, out uint drops)
    {
        drops = 0;
        byte* p = _rx[i].Control;
        long left = (long)_rx[i].ControlLength;
        while (left >= CmsgHeaderSize)
        {
            long len = (long)*(nuint*)p;
            if (len < CmsgHeaderSize || len > left) return false;
            int level = *(int*)(p + 8), type = *(int*)(p + 12);
            if (level == SOL_SOCKET && type == SO_RXQ_OVFL && len >= CmsgHeaderSize + sizeof(uint))
            {
                drops = *(uint*)(p + CmsgHeaderSize);
                return true;
            }
            long step = (len + 7) & ~7L;
            p += step;
            left -= step;
        }
        return false;
    }

    /// <summary>Adds a datagram to the send batch; false when the batch is full (flush, then add again).</summary>
    public bool TryAdd(ReadOnlySpan<byte> data, IPEndPoint? to)
    {
        if (_txCount == SendSlots || _txUsed + data.Length > SendArenaSize) return false;
        int i = _txCount++;
        byte* at = _txArena + _txUsed;
        data.CopyTo(new Span<byte>(at, data.Length));
        _txUsed += data.Length;
        _txIov[i].Base = at;
        _txIov[i].Length = (nuint)data.Length;
        if (to is null)
        {
            _tx[i].Name = null;
            _tx[i].NameLength = 0;
        }
        else
        {
            _tx[i].Name = _txNames + i * NameStride;
            _tx[i].NameLength = SockAddr.Write(to, _tx[i].Name);
        }
        _txTargets[i] = to;
        return true;
    }

    /// <summary>sendmmsg of the batch from <paramref name="start"/>: how many the kernel took, or -1 with <paramref name="errno"/>.</summary>
    public int Send(int fd, int start, out int errno)
    {
        int n = sendmmsg(fd, _tx + start, (uint)(_txCount - start), MSG_NOSIGNAL);
        errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
        return n;
    }

    /// <summary>The data of queued datagram <paramref name="i"/>.</summary>
    public ReadOnlySpan<byte> SendData(int i) => new(_txIov[i].Base, (int)_txIov[i].Length);

    /// <summary>The target of queued datagram <paramref name="i"/> (null: the connected peer).</summary>
    public IPEndPoint? SendTarget(int i) => _txTargets[i];

    /// <summary>Empties the send batch.</summary>
    public void ClearSends()
    {
        Array.Clear(_txTargets, 0, _txCount);
        _txCount = 0;
        _txUsed = 0;
    }
}
