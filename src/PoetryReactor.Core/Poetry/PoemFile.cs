using System.Runtime.InteropServices;

namespace PoetryReactor.Core.Poetry;

/// <summary>Reads poem files with a size limit, refusing directories and special files.</summary>
internal static class PoemFile
{
    /// <summary>The default size limit: 1 MiB.</summary>
    public const int DefaultMaxBytes = 1024 * 1024;

    /// <summary>Reads a whole poem file.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="maxBytes">The largest file accepted, 1 or more.</param>
    /// <exception cref="PoetryException">
    /// <see cref="PoetryErrorKind.PoemNotFound"/> if nothing is there;
    /// <see cref="PoetryErrorKind.PoemFileInvalid"/> for a directory, a device, FIFO or socket,
    /// a file over <paramref name="maxBytes"/>, or a file that cannot be read.
    /// </exception>
    public static byte[] ReadAllBytes(string path, int maxBytes = DefaultMaxBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        if (Directory.Exists(path))
        {
            throw Invalid(path, "is a directory, not a poem file");
        }
        if (!File.Exists(path))
        {
            throw new PoetryException(PoetryErrorKind.PoemNotFound, $"Poem file '{path}' does not exist.", path);
        }
        if (FileType.IsRegularFile(path) == false)
        {
            throw Invalid(path, "is a device or other special file, not a regular file");
        }
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            // Read one byte past the limit: the length a file reports cannot be trusted to bound it.
            byte[] buffer = new byte[Math.Min((long)maxBytes + 1, Math.Max(stream.Length + 1, 4096))];
            int length = 0;
            int n;
            while ((n = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += n;
                if (length > maxBytes)
                {
                    throw Invalid(path, $"is larger than the limit of {maxBytes} bytes");
                }
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min((long)maxBytes + 1, buffer.Length * 2L));
                }
            }
            return buffer.AsSpan(0, length).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PoetryException(PoetryErrorKind.PoemFileInvalid, $"Poem file '{path}' cannot be read: {e.Message}", path, e);
        }
    }

    private static PoetryException Invalid(string path, string what) =>
        new(PoetryErrorKind.PoemFileInvalid, $"Poem file '{path}' {what}.", path);

    // File.GetAttributes reports devices as Normal on Unix, so ask statx(2) on Linux.
    internal static class FileType
    {
        private const int AtFdCwd = -100;
        private const uint StatxType = 1;
        private const int ModeOffset = 28; // stx_mode: the same offset on every Linux architecture
        private const int TypeMask = 0xF000;
        private const int Regular = 0x8000;

        /// <summary>True or false on Linux; null where it cannot tell.</summary>
        public static unsafe bool? IsRegularFile(string path)
        {
            if (!OperatingSystem.IsLinux())
            {
                return null;
            }
            byte* buffer = stackalloc byte[256];
            try
            {
                if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
                {
                    return null;
                }
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                return null;
            }
            return (*(ushort*)(buffer + ModeOffset) & TypeMask) == Regular;
        }

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        private static extern unsafe int Statx(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path,
            int flags, uint mask, byte* buffer);
    }
}
