using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace PoetryReactor.Core;

/// <summary>The libc calls the epoll backend needs.</summary>
internal static unsafe class EpollNative
{
    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EFD_NONBLOCK = 0x800;
    public const int EFD_CLOEXEC = 0x80000;
    public const int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
    public const uint EPOLLIN = 0x001, EPOLLOUT = 0x004, EPOLLERR = 0x008, EPOLLHUP = 0x010;
    public const int ENOENT = 2, EINTR = 4, EEXIST = 17;

    [DllImport("libc", SetLastError = true)] public static extern int epoll_create1(int flags);
    [DllImport("libc", SetLastError = true)] public static extern int epoll_ctl(int epfd, int op, int fd, void* ev);
    [DllImport("libc", SetLastError = true)] public static extern int epoll_wait(int epfd, void* events, int maxevents, int timeout);
    [DllImport("libc", SetLastError = true)] public static extern int eventfd(uint initval, int flags);
    [DllImport("libc", SetLastError = true)] public static extern nint read(int fd, void* buf, nint count);
    [DllImport("libc", SetLastError = true)] public static extern nint write(int fd, void* buf, nint count);
    [DllImport("libc", SetLastError = true)] public static extern int close(int fd);
}
