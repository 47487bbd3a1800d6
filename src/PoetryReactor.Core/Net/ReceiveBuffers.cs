using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace PoetryReactor.Core.Net;

/// <summary>One receive buffer per reactor: reads are handled synchronously on its thread, so they can share it.</summary>
internal static class ReceiveBuffers
{
    public const int Size = 64 * 1024;

    private static readonly ConditionalWeakTable<Reactor, byte[]> Buffers = new();

    public static byte[] For(Reactor reactor) => Buffers.GetValue(reactor, static _ => new byte[Size]);
}
