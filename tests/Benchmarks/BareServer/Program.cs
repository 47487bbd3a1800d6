using System.Runtime.InteropServices;

namespace BareServer;

/// <summary>
/// The ceiling: a single-threaded epoll poetry server with no abstractions (raw libc calls).
/// Accepts, writes the whole poem at once (it fits the socket buffer; EPOLLOUT otherwise), closes.
/// Prints "PORT n" and serves until stdin closes. Usage: BareServer [size=2048]
/// </summary>
internal static unsafe class Program
{
    private const int AF_INET = 2, SOCK_STREAM = 1, SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;
    private const int SOL_SOCKET = 1, SO_REUSEADDR = 2, EPOLL_CTL_ADD = 1, EPOLLIN = 1, EPOLLOUT = 4, EAGAIN = 11;
    private const int MaxEvents = 256, MaxFds = 1 << 17;

    private static int Main(string[] args)
    {
        int size = args.Length > 0 ? int.Parse(args[0]) : 2048;
        byte[] poem = Enumerable.Range(0, size).Select(i => (byte)('a' + i % 26)).ToArray();
        int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        int one = 1;
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, 4);
        byte* addr = stackalloc byte[16];
        new Span<byte>(addr, 16).Clear();
        addr[0] = AF_INET; addr[4] = 127; addr[7] = 1; // sin_family, 127.0.0.1, port 0
        if (bind(listener, addr, 16) != 0 || listen(listener, 4096) != 0) return Fail("bind/listen");
        int len = 16;
        getsockname(listener, addr, &len);
        Console.WriteLine($"PORT {(addr[2] << 8) | addr[3]}");
        Console.Out.Flush();

        int ep = epoll_create1(SOCK_CLOEXEC);
        var ev = stackalloc EpollEvent[MaxEvents];
        ev[0] = new EpollEvent { Events = EPOLLIN, Data = (ulong)listener };
        epoll_ctl(ep, EPOLL_CTL_ADD, listener, ev);
        var sent = new int[MaxFds]; // bytes already written, per fd still waiting for EPOLLOUT
        var stop = 0;
        new Thread(() => { while (Console.In.Read() >= 0) { } Volatile.Write(ref stop, 1); }) { IsBackground = true }.Start();
        fixed (byte* p = poem)
        {
            while (Volatile.Read(ref stop) == 0)
            {
                int n = epoll_wait(ep, ev, MaxEvents, 200);
                for (int i = 0; i < n; i++)
                {
                    int fd = (int)ev[i].Data;
                    if (fd == listener)
                    {
                        for (int k = 0; k < 64; k++)
                        {
                            int c = accept4(listener, null, null, SOCK_NONBLOCK | SOCK_CLOEXEC);
                            if (c < 0) break;
                            if (c >= MaxFds) { close(c); continue; }
                            sent[c] = 0;
                            if (!Send(c, p, size, sent)) { var w = new EpollEvent { Events = EPOLLOUT, Data = (ulong)c }; epoll_ctl(ep, EPOLL_CTL_ADD, c, &w); }
                        }
                    }
                    else if (Send(fd, p, size, sent)) { }
                }
            }
        }
        return 0;
    }

    /// <summary>Writes what remains; closes and returns true when done or failed.</summary>
    private static bool Send(int fd, byte* poem, int size, int[] sent)
    {
        while (sent[fd] < size)
        {
            nint w = write(fd, poem + sent[fd], size - sent[fd]);
            if (w < 0) { if (Marshal.GetLastPInvokeError() == EAGAIN) return false; break; }
            sent[fd] += (int)w;
        }
        close(fd); // close also drops it from the epoll set
        return true;
    }

    private static int Fail(string what) { Console.Error.WriteLine($"{what} failed: {Marshal.GetLastPInvokeError()}"); return 1; }

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct EpollEvent { public uint Events; public ulong Data; }

    [DllImport("libc", SetLastError = true)] private static extern int socket(int domain, int type, int protocol);
    [DllImport("libc", SetLastError = true)] private static extern int setsockopt(int fd, int level, int name, void* value, int len);
    [DllImport("libc", SetLastError = true)] private static extern int bind(int fd, byte* addr, int len);
    [DllImport("libc", SetLastError = true)] private static extern int listen(int fd, int backlog);
    [DllImport("libc", SetLastError = true)] private static extern int getsockname(int fd, byte* addr, int* len);
    [DllImport("libc", SetLastError = true)] private static extern int accept4(int fd, byte* addr, int* len, int flags);
    [DllImport("libc", SetLastError = true)] private static extern int epoll_create1(int flags);
    [DllImport("libc", SetLastError = true)] private static extern int epoll_ctl(int ep, int op, int fd, EpollEvent* ev);
    [DllImport("libc", SetLastError = true)] private static extern int epoll_wait(int ep, EpollEvent* events, int max, int timeout);
    [DllImport("libc", SetLastError = true)] private static extern nint write(int fd, byte* buf, nint count);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);
}
