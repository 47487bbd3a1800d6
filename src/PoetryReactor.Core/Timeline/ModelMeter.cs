using System.Diagnostics;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;

namespace PoetryReactor.Core.Timeline;

/// <summary>Runs one fetch with a client and records its timeline.</summary>
public static class ModelMeter
{
    /// <summary>
    /// Fetches every address with <paramref name="client"/> and measures it: the wall time of the
    /// whole fetch, the process's CPU time over it, and every chunk with its handling thread.
    /// The options' own callbacks are still called.
    /// </summary>
    /// <exception cref="OperationCanceledException">The fetch was cancelled.</exception>
    public static async Task<ModelMeasurement> MeasureAsync(
        IPoetryClient client, IReadOnlyList<HostPort> addresses, PoetryClientOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var measured = (options ?? new PoetryClientOptions()).Clone();
        // Chunk calls of one fetch never overlap and the list is read after the fetch's task ends.
        var chunks = new List<ChunkEvent>();
        var forward = measured.ChunkReceived;
        measured.ChunkReceived = chunk =>
        {
            chunks.Add(chunk);
            forward?.Invoke(chunk);
        };
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        DateTimeOffset start = measured.Clock.GetUtcNow();
        long started = measured.Clock.GetTimestamp();
        IReadOnlyList<Poem> poems = await client.FetchAsync(addresses, measured, cancellationToken).ConfigureAwait(false);
        TimeSpan total = measured.Clock.GetElapsedTime(started);
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime - cpuBefore;
        return ModelMeasurement.FromRun(client.Mode, start, total, cpu, poems, chunks);
    }
}
