using System.Diagnostics;

namespace PoetryReactor.Core.Timeline;

/// <summary>Renders an SVG file to PNG with a headless Chromium found on the PATH.</summary>
internal static class ChromiumPng
{
    /// <summary>The program names looked for on the PATH, in order.</summary>
    public static readonly IReadOnlyList<string> ProgramNames =
        ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

    /// <summary>The first PNG signature bytes.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The full path of a Chromium on the PATH, or null when there is none.</summary>
    public static string? Find()
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        string[] suffixes = OperatingSystem.IsWindows() ? [".exe"] : [""];
        foreach (var name in ProgramNames)
            foreach (var dir in dirs)
                foreach (var suffix in suffixes)
                {
                    var candidate = Path.Combine(dir, name + suffix);
                    if (File.Exists(candidate)) return candidate;
                }
        return null;
    }

    /// <summary>
    /// Screenshots <paramref name="svgPath"/> at <paramref name="width"/> x <paramref name="height"/>
    /// CSS pixels, drawn at <paramref name="scale"/> device pixels each, into <paramref name="pngPath"/>.
    /// </summary>
    /// <exception cref="IOException">Chromium failed, timed out or wrote no PNG; the message has its last output.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="token"/> was cancelled: Chromium and its helpers were killed.</exception>
    public static void Render(string chromium, string svgPath, string pngPath, int width, int height, double scale, TimeSpan timeout,
        CancellationToken token = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 0.25);
        // A throwaway profile, so a running browser's profile is neither needed nor touched.
        string profile = Directory.CreateTempSubdirectory("poetry-chromium-").FullName;
        try
        {
            if (File.Exists(pngPath)) File.Delete(pngPath);
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // --no-sandbox: the sandbox cannot start as root (containers, CI); the page is our own local file.
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                $"--user-data-dir={profile}", $"--window-size={width},{height}",
                $"--force-device-scale-factor={scale.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                $"--screenshot={Path.GetFullPath(pngPath)}", new Uri(Path.GetFullPath(svgPath)).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(arg);
            }
            using var process = Process.Start(start) ?? throw new IOException($"{chromium} did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(token))
            {
                deadline.CancelAfter(timeout);
                try
                {
                    process.WaitForExitAsync(deadline.Token).GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                    token.ThrowIfCancellationRequested();
                    throw new IOException($"{chromium} did not finish the screenshot within {timeout.TotalSeconds:0} s.");
                }
            }
            if (process.ExitCode != 0 || !IsPng(pngPath))
            {
                // A helper process may still hold the pipes open: take what has been read, without waiting long.
                Task.WaitAny(Task.WhenAll(stdout, stderr), Task.Delay(TimeSpan.FromSeconds(2)));
                string output = ((stdout.IsCompletedSuccessfully ? stdout.Result : "") + (stderr.IsCompletedSuccessfully ? stderr.Result : "")).Trim();
                string tail = output.Length > 600 ? output[^600..] : output;
                throw new IOException($"{chromium} exited with {process.ExitCode} without writing a PNG. Its output ended: {tail}");
            }
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); }
            catch (IOException) { /* a helper process may still hold it; the temp folder is cleaned later */ }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>True when the file exists and starts with the PNG signature.</summary>
    public static bool IsPng(string path)
    {
        if (!File.Exists(path)) return false;
        Span<byte> head = stackalloc byte[8];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, 8, throwOnEndOfStream: false) == 8 && head.SequenceEqual(Signature);
    }
}
