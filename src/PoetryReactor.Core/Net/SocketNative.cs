using System.Runtime.InteropServices;

namespace PoetryReactor.Core.Net;

/// <summary>
/// The libc socket calls of the raw-descriptor path (Linux; the Epoll backend). Constants are
/// Linux's generic values (x86-64 and arm64 share them).
/// </summary>
internal static unsafe class SocketNative
{
    public const int AF_INET = 2, AF_INET6 = 10;
    public const int SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;
    public const int SOL_SOCKET = 1, SO_REUSEADDR = 2, SO_ERROR = 4, SO_LINGER = 13, SO_REUSEPORT = 15, SO_RXQ_OVFL = 40, SO_MEMINFO = 55;
    public const int IPPROTO_TCP = 6, TCP_NODELAY = 1;
    public const int MSG_TRUNC = 0x20, MSG_DONTWAIT = 0x40, MSG_NOSIGNAL = 0x4000;

    /// <summary>SO_MEMINFO's array: SK_MEMINFO_VARS values; the receive-queue drops are at SK_MEMINFO_DROPS.</summary>
    public const int SK_MEMINFO_VARS = 9, SK_MEMINFO_DROPS = 8;

    /// <summary>Large enough for sockaddr_in6 (28 bytes).</summary>
    public const int SockAddrSize = 28;

    [DllImport("libc", SetLastError = true)] public static extern int socket(int domain, int type, int protocol);
    [DllImport("libc", SetLastError = true)] public static extern int connect(int fd, byte* addr, int len);
    [DllImport("libc", SetLastError = true)] public static extern int accept4(int fd, byte* addr, int* len, int flags);
    [DllImport("libc", SetLastError = true)] public static extern nint send(int fd, byte* buf, nint len, int flags);
    [DllImport("libc", SetLastError = true)] public static extern nint recv(int fd, byte* buf, nint len, int flags);
    [DllImport("libc", SetLastError = true)] public static extern int close(int fd);
    [DllImport("libc", SetLastError = true)] public static extern int getsockopt(int fd, int level, int name, void* value, int* len);
    [DllImport("libc", SetLastError = true)] public static extern int setsockopt(int fd, int level, int name, void* value, int len);
    [DllImport("libc", SetLastError = true)] public static extern int getsockname(int fd, byte* addr, int* len);
    [DllImport("libc", SetLastError = true)] public static extern nint sendto(int fd, byte* buf, nint len, int flags, byte* addr, int addrLen);
    [DllImport("libc", SetLastError = true)] public static extern int recvmmsg(int fd, MMsgHdr* msgs, uint vlen, int flags, void* timeout);
    [DllImport("libc", SetLastError = true)] public static extern int sendmmsg(int fd, MMsgHdr* msgs, uint vlen, int flags);

    /// <summary>struct iovec (LP64).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary>struct mmsghdr: a struct msghdr (56 bytes) and the length the call reports (LP64: 64 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    public struct MMsgHdr
    {
        [FieldOffset(0)] public byte* Name;
        [FieldOffset(8)] public int NameLength;
        [FieldOffset(16)] public IoVec* Iov;
        [FieldOffset(24)] public nuint IovLength;
        [FieldOffset(32)] public byte* Control;
        [FieldOffset(40)] public nuint ControlLength;
        [FieldOffset(48)] public int Flags;
        [FieldOffset(56)] public uint Length;
    }

    /// <summary>struct cmsghdr's header (LP64: 16 bytes, data after it, 8-aligned).</summary>
    public const int CmsgHeaderSize = 16;
}
