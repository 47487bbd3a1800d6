using System.Numerics;
using System.Runtime.InteropServices;

namespace PoetryReactor.Core.Net;

/// <summary>
/// Keeps the process's file-descriptor table ahead of the descriptors the reactor opens (Linux).
/// The kernel grows the table by doubling when a new descriptor does not fit, and in a process with
/// more than one thread (every .NET process) each growth waits for an RCU grace period, 10-20 ms,
/// with the thread that opened the descriptor blocked. A burst of 1,000 connections from a young
/// process met three of them (256 → 2,048 slots), doubling the burst's time; a single-threaded C
/// or Python program never waits. Here a background thread grows the table instead, in one step to
/// four times the highest descriptor seen, as soon as that descriptor reaches half of what was
/// reserved; the reactor's own threads then find room. Descriptors below the table's size never
/// wait for a growth in progress, so the background step blocks nobody.
/// </summary>
internal static unsafe class DescriptorTable
{
    /// <summary>The size reserved when the first reactor is made: 32 KB of kernel memory.</summary>
    public const int InitialReserve = 4096;

    private const int F_DUPFD_CLOEXEC = 1030;
    private const int RLIMIT_NOFILE = 7;
    private const int O_RDONLY_CLOEXEC = 0x80000;

    private static readonly object Gate = new();
    // Half of the size asked for last: a descriptor at or above it starts the next growth.
    private static int _watermark;
    private static int _reserved;
    private static Thread? _grower;

    /// <summary>The table size asked for so far (0 before the first reservation, and off Linux).</summary>
    public static int Reserved => Volatile.Read(ref _reserved);

    /// <summary>Reserves <see cref="InitialReserve"/> slots in the background (once per process).</summary>
    public static void ReserveInitial() => Observe(0);

    /// <summary>Called with each descriptor the reactor opens: one read and compare unless it is time to grow.</summary>
    public static void Observe(int fd)
    {
        if (fd < Volatile.Read(ref _watermark) || !OperatingSystem.IsLinux()) return;
        StartGrowth(fd);
    }

    /// <summary>Waits for a growth in progress (tests).</summary>
    public static bool WaitForGrowth(TimeSpan timeout)
    {
        Thread? grower;
        lock (Gate) grower = _grower;
        return grower is null || grower.Join(timeout);
    }

    private static void StartGrowth(int fd)
    {
        lock (Gate)
        {
            if (fd < _watermark) return;
            int limit = OpenFileLimit();
            int size = (int)Math.Min(Math.Max(InitialReserve, BitOperations.RoundUpToPowerOf2((uint)(fd + 1) * 4)), (uint)limit);
            if (size <= _reserved)
            {
                // At the limit: nothing more to reserve; stop looking until a larger descriptor.
                _watermark = fd + 1;
                return;
            }
            _reserved = size;
            _watermark = size / 2;
            _grower = new Thread(() => Grow(size)) { IsBackground = true, Name = "PoetryReactor descriptors" };
            _grower.Start();
        }
    }

    // F_DUPFD allocates the lowest free descriptor at or above size - 1, which makes the kernel size
    // the table for it; closing the copy keeps the table. Unlike dup2, it never closes a descriptor
    // someone else holds. A failure (a lower limit, no memory) only means the table grows on demand.
    private static void Grow(int size)
    {
        int fd = open("/dev/null", O_RDONLY_CLOEXEC);
        if (fd < 0) return;
        int copy = fcntl(fd, F_DUPFD_CLOEXEC, size - 1);
        if (copy >= 0) close(copy);
        close(fd);
    }

    private static int OpenFileLimit()
    {
        ulong* limit = stackalloc ulong[2];
        if (getrlimit(RLIMIT_NOFILE, limit) != 0) return InitialReserve;
        return (int)Math.Min(limit[0], 1 << 24);
    }

    [DllImport("libc", SetLastError = true)] private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
    [DllImport("libc", SetLastError = true)] private static extern int fcntl(int fd, int cmd, int arg);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);
    [DllImport("libc", SetLastError = true)] private static extern int getrlimit(int resource, ulong* limit);
}
