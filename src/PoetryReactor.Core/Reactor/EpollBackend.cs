using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace PoetryReactor.Core;

/// <summary>
/// Linux epoll, level-triggered, keyed by fd, with an eventfd waker. After warm-up a wait
/// allocates nothing: events land in a native buffer and are looked up in an fd-indexed array.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed unsafe class EpollBackend : IReactorBackend
{
    private const int MaxEvents = 256;
    private const ulong WakerKey = ulong.MaxValue;

    // epoll_event is packed (12 bytes) on x86/x86-64 and naturally aligned (16 bytes) elsewhere.
    private static readonly bool Packed = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;
    private static readonly int EventSize = Packed ? 12 : 16;
    private static readonly int DataOffset = Packed ? 4 : 8;

    private readonly int _epfd;
    private readonly int _wakefd;
    private readonly byte* _events;
    private Registration?[] _byFd = new Registration?[64];
    private int _wakePending;
    private bool _disposed;

    public EpollBackend()
    {
        _epfd = EpollNative.epoll_create1(EpollNative.EPOLL_CLOEXEC);
        if (_epfd < 0) throw LastError("epoll_create1");
        _wakefd = EpollNative.eventfd(0, EpollNative.EFD_NONBLOCK | EpollNative.EFD_CLOEXEC);
        if (_wakefd < 0)
        {
            var error = LastError("eventfd");
            EpollNative.close(_epfd);
            throw error;
        }
        _events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * EventSize));
        Control(EpollNative.EPOLL_CTL_ADD, _wakefd, EpollNative.EPOLLIN, WakerKey);
    }

    public ReactorBackendKind Kind => ReactorBackendKind.Epoll;

    public void Add(Registration reg)
    {
        int fd = checked((int)reg.Fd);
        if (fd >= _byFd.Length) Array.Resize(ref _byFd, Math.Max(fd + 1, _byFd.Length * 2));
        int rc = TryControl(EpollNative.EPOLL_CTL_ADD, fd, EventsFor(reg), (ulong)fd);
        // A stale kernel entry for a reused fd: take it over.
        if (rc == EpollNative.EEXIST) rc = TryControl(EpollNative.EPOLL_CTL_MOD, fd, EventsFor(reg), (ulong)fd);
        if (rc != 0) throw new Win32Exception(rc, $"epoll_ctl(ADD, {fd}) failed: {new Win32Exception(rc).Message}");
        _byFd[fd] = reg;
    }

    public void Modify(Registration reg)
    {
        int fd = (int)reg.Fd;
        int rc = TryControl(EpollNative.EPOLL_CTL_MOD, fd, EventsFor(reg), (ulong)fd);
        if (rc == EpollNative.ENOENT) rc = TryControl(EpollNative.EPOLL_CTL_ADD, fd, EventsFor(reg), (ulong)fd);
        if (rc != 0) throw new Win32Exception(rc, $"epoll_ctl(MOD, {fd}) failed: {new Win32Exception(rc).Message}");
    }

    public void Remove(Registration reg)
    {
        int fd = (int)reg.Fd;
        // ENOENT/EBADF: the fd was closed first, and the kernel already dropped it.
        TryControl(EpollNative.EPOLL_CTL_DEL, fd, 0, 0);
        Forget(reg);
    }

    public void Forget(Registration reg)
    {
        int fd = (int)reg.Fd;
        if ((uint)fd < (uint)_byFd.Length && ReferenceEquals(_byFd[fd], reg)) _byFd[fd] = null;
    }

    public int Wait(int timeoutMs, IReadinessSink sink)
    {
        int n = EpollNative.epoll_wait(_epfd, _events, MaxEvents, timeoutMs);
        if (n < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == EpollNative.EINTR) return 0;
            throw new Win32Exception(errno, "epoll_wait failed: " + new Win32Exception(errno).Message);
        }
        int reported = 0;
        for (int i = 0; i < n; i++)
        {
            byte* ev = _events + i * EventSize;
            uint events = *(uint*)ev;
            ulong key = Unsafe.ReadUnaligned<ulong>(ev + DataOffset);
            if (key == WakerKey)
            {
                DrainWaker();
                continue;
            }
            var reg = key < (ulong)_byFd.Length ? _byFd[key] : null;
            if (reg is null || reg.Removed) continue;
            bool failed = (events & (EpollNative.EPOLLERR | EpollNative.EPOLLHUP)) != 0;
            sink.Ready(reg, failed || (events & EpollNative.EPOLLIN) != 0, failed || (events & EpollNative.EPOLLOUT) != 0);
            reported++;
        }
        return reported;
    }

    public void Wake()
    {
        if (Interlocked.Exchange(ref _wakePending, 1) != 0) return;
        ulong one = 1;
        EpollNative.write(_wakefd, &one, sizeof(ulong)); // EAGAIN means the counter is already set: awake anyway
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        EpollNative.close(_wakefd);
        EpollNative.close(_epfd);
        NativeMemory.Free(_events);
    }

    private void DrainWaker()
    {
        // Clear the flag first: a wake racing with the drain then writes again rather than being lost.
        Volatile.Write(ref _wakePending, 0);
        ulong value;
        EpollNative.read(_wakefd, &value, sizeof(ulong));
    }

    private static uint EventsFor(Registration reg)
    {
        var interest = reg.Interest;
        return ((interest & Interest.Read) != 0 ? EpollNative.EPOLLIN : 0)
             | ((interest & Interest.Write) != 0 ? EpollNative.EPOLLOUT : 0);
    }

    private void Control(int op, int fd, uint events, ulong key)
    {
        int rc = TryControl(op, fd, events, key);
        if (rc != 0) throw new Win32Exception(rc, $"epoll_ctl({op}, {fd}) failed: {new Win32Exception(rc).Message}");
    }

    /// <summary>Returns 0 or the errno.</summary>
    private int TryControl(int op, int fd, uint events, ulong key)
    {
        byte* ev = stackalloc byte[16];
        *(uint*)ev = events;
        Unsafe.WriteUnaligned(ev + DataOffset, key);
        return EpollNative.epoll_ctl(_epfd, op, fd, ev) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    private static Win32Exception LastError(string call)
    {
        int errno = Marshal.GetLastPInvokeError();
        return new Win32Exception(errno, $"{call} failed: {new Win32Exception(errno).Message}");
    }
}
