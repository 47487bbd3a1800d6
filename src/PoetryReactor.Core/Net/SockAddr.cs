using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Net;

/// <summary>sockaddr_in / sockaddr_in6 to and from <see cref="IPEndPoint"/>, for the raw-descriptor path.</summary>
internal static unsafe class SockAddr
{
    /// <summary>Writes <paramref name="endPoint"/> to <paramref name="addr"/> (at least <see cref="SocketNative.SockAddrSize"/> bytes); returns its length.</summary>
    public static int Write(IPEndPoint endPoint, byte* addr)
    {
        var span = new Span<byte>(addr, SocketNative.SockAddrSize);
        span.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)endPoint.Port);
        if (endPoint.AddressFamily == AddressFamily.InterNetwork)
        {
            *(ushort*)addr = SocketNative.AF_INET;
            endPoint.Address.TryWriteBytes(span.Slice(4, 4), out _);
            return 16;
        }
        *(ushort*)addr = SocketNative.AF_INET6;
        endPoint.Address.TryWriteBytes(span.Slice(8, 16), out _);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], (uint)endPoint.Address.ScopeId);
        return 28;
    }

    /// <summary>The endpoint in <paramref name="addr"/>, or null for a family other than IPv4/IPv6.</summary>
    public static IPEndPoint? Read(byte* addr)
    {
        var span = new ReadOnlySpan<byte>(addr, SocketNative.SockAddrSize);
        int port = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
        return *(ushort*)addr switch
        {
            SocketNative.AF_INET => new IPEndPoint(new IPAddress(span.Slice(4, 4)), port),
            SocketNative.AF_INET6 => new IPEndPoint(new IPAddress(span.Slice(8, 16), BinaryPrimitives.ReadUInt32LittleEndian(span[24..])), port),
            _ => null,
        };
    }
}
