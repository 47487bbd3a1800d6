using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Datagram;

// The .NET socket path (Select backend, every system): a datagram a call, exceptions only for errors.
internal sealed partial class UdpPort
{
    private readonly byte[]? _managedBuffer;
    private SocketAddress? _managedAddress;

    private Exception? ReadManaged()
    {
        var buffer = _managedBuffer!;
        var address = _managedAddress ??= new SocketAddress(_socket.AddressFamily);
        int read = 0;
        try
        {
            for (; read < MaxDatagramsPerRead; read++)
            {
                // Readiness was reported for the first; ask before each further one (ReceiveFrom throws at EAGAIN).
                if (read > 0 && !_socket.Poll(0, SelectMode.SelectRead)) return null;
                int n;
                try
                {
                    n = _socket.ReceiveFrom(buffer, SocketFlags.None, address);
                }
                catch (SocketException e)
                {
                    switch (e.SocketErrorCode)
                    {
                        case SocketError.WouldBlock: return null;
                        case SocketError.Interrupted: continue;
                        // Windows reports an ICMP "port unreachable" as a reset.
                        case SocketError.ConnectionRefused or SocketError.ConnectionReset:
                            if (_peer is not null) Refused();
                            break;
                        case SocketError.MessageSize: Stats.Truncated(); break;
                        default: ReceiveFailed(e.SocketErrorCode); break;
                    }
                    if (_stopped is not null) return null;
                    continue;
                }
                var from = _peer ?? _senders.Get(address.Buffer.Span[..address.Size], (this, address), static s => s.Item1.EndPointOf(s.address));
                if (from is not null) Deliver(buffer.AsSpan(0, n), from);
                if (_stopped is not null) return null;
            }
            Stats.ReadCutShort();
            return null;
        }
        finally
        {
            if (_stopped is null && read > 0) ReadDropCounter();
        }
    }

    private IPEndPoint? EndPointOf(SocketAddress address) => _host.Create(address) as IPEndPoint;

    // .NET gives no control messages: the kernel's drop counter comes from SO_MEMINFO instead (Linux).
    private void ReadDropCounter()
    {
        if (!OperatingSystem.IsLinux()) return;
        Span<byte> info = stackalloc byte[SocketNative.SK_MEMINFO_VARS * sizeof(uint)];
        try
        {
            int len = _socket.GetRawSocketOption(SocketNative.SOL_SOCKET, SocketNative.SO_MEMINFO, info);
            if (len >= info.Length) Stats.KernelDrops(BitConverter.ToUInt32(info[(SocketNative.SK_MEMINFO_DROPS * sizeof(uint))..]));
        }
        catch (SocketException)
        {
            // An older kernel without SO_MEMINFO: drops stay unknown.
        }
    }

    private void SendManaged(ReadOnlySpan<byte> data, IPEndPoint? to)
    {
        if (!TrySendManagedOnce(data, to)) Enqueue(data, to);
    }

    private bool TrySendManagedOnce(ReadOnlySpan<byte> data, IPEndPoint? to)
    {
        try
        {
            if (to is null) _socket.Send(data, SocketFlags.None);
            else _socket.SendTo(data, SocketFlags.None, to);
            Stats.Sent(1, data.Length);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
        {
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset && _peer is not null)
        {
            Refused();
            return true;
        }
        catch (SocketException e)
        {
            SendFailed(e.SocketErrorCode, to);
            return true;
        }
    }
}
