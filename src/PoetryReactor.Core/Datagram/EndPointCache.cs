using System.Buffers.Binary;
using System.Net;

namespace PoetryReactor.Core.Datagram;

/// <summary>
/// The endpoints of recent senders, keyed by their socket address bytes, so a port that hears the
/// same peers again and again (clients of a service, a syslog relay) makes no IPEndPoint per datagram.
/// Direct-mapped and bounded: a new sender takes its slot from whoever had it.
/// </summary>
internal sealed class EndPointCache
{
    private const int Size = 64;

    private readonly Entry[] _entries = new Entry[Size];

    private struct Entry
    {
        public ulong A, B, C, D;
        public IPEndPoint? EndPoint;
    }

    /// <summary>The endpoint for <paramref name="name"/> (a sockaddr of up to 32 bytes); <paramref name="decode"/> makes it on a miss.</summary>
    public IPEndPoint? Get<TState>(ReadOnlySpan<byte> name, TState state, Func<TState, IPEndPoint?> decode)
    {
        Span<byte> key = stackalloc byte[32];
        key.Clear();
        name[..Math.Min(name.Length, 32)].CopyTo(key);
        // sockaddr_in6: the flow information (bytes 4-7) may differ between datagrams of one sender.
        if (name.Length == 28) key.Slice(4, 4).Clear();
        ulong a = BinaryPrimitives.ReadUInt64LittleEndian(key), b = BinaryPrimitives.ReadUInt64LittleEndian(key[8..]),
            c = BinaryPrimitives.ReadUInt64LittleEndian(key[16..]), d = BinaryPrimitives.ReadUInt64LittleEndian(key[24..]);
        ulong h = (a ^ (b * 0x9E3779B97F4A7C15UL) ^ (c * 0xC2B2AE3D27D4EB4FUL) ^ d) * 0x9E3779B97F4A7C15UL;
        ref var e = ref _entries[(int)(h >> 58)];
        if (e.EndPoint is not null && e.A == a && e.B == b && e.C == c && e.D == d) return e.EndPoint;
        var made = decode(state);
        if (made is null) return null;
        e = new Entry { A = a, B = b, C = c, D = d, EndPoint = made };
        return made;
    }
}
