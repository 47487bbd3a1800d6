using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Core.Poetry.Servers;
using PoetryReactor.Core.Tests.Poetry;
using PoetryReactor.Core.Timeline;
using static PoetryReactor.Core.Tests.Poetry.PoetryTestSupport;

namespace PoetryReactor.Core.Tests.Timeline;

/// <summary>Measurements: from a meter on real loopback servers, and rebuilt from poems and chunks.</summary>
public class ModelMeasurementTests
{
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(PoetryClientMode.Blocking)]
    [InlineData(PoetryClientMode.Threaded)]
    [InlineData(PoetryClientMode.Protocol)]
    public async Task The_meter_records_every_task_and_chunk_with_its_thread(PoetryClientMode mode)
    {
        using BlockingPoetryServer one = StartServer(Utf8(new string('a', 50)), chunkSize: 10);
        using BlockingPoetryServer two = StartServer(Utf8(new string('b', 30)), chunkSize: 10);
        var forwarded = new List<ChunkEvent>();
        var options = new PoetryClientOptions { ChunkReceived = forwarded.Add };

        ModelMeasurement m = await ModelMeter.MeasureAsync(Client(mode), [one.Address, two.Address], options).WaitAsync(Patience);

        Assert.Equal(mode, m.Mode);
        Assert.Equal(new[] { 1, 2 }, m.Tasks.Select(t => t.TaskNumber));
        Assert.Equal(new[] { 50, 30 }, m.Tasks.Select(t => t.Bytes));
        Assert.All(m.Tasks, t => Assert.True(t.Complete && t.Start >= TimeSpan.Zero && t.FirstByte >= t.Start && t.End >= t.FirstByte));
        Assert.Equal(forwarded.Count, m.Chunks.Count);
        Assert.Equal(80, m.Chunks.Sum(c => c.Bytes));
        Assert.Equal(forwarded.Select(c => c.ThreadId).Distinct().Order(), m.ThreadIds.Order());
        Assert.True(m.TotalTime >= m.Tasks.Max(t => t.End) - TimeSpan.FromMilliseconds(5), $"{m.TotalTime} vs {m.Tasks.Max(t => t.End)}");
        Assert.True(m.CpuTime >= TimeSpan.Zero);
        if (mode == PoetryClientMode.Threaded) Assert.Equal(2, m.ThreadIds.Count);
        else Assert.Single(m.ThreadIds);
    }

    [Fact]
    public void Poems_and_chunks_are_grouped_by_model_and_matched_by_task_and_time()
    {
        var clock = new ManualTimeProvider(Origin);
        var address = HostPort.Parse("127.0.0.1:1001");
        var blocking = new PoemBuilder(1, address, PoetryClientMode.Blocking, 100, clock);
        clock.Advance(TimeSpan.FromSeconds(0.5));
        blocking.TryAppend([1, 2, 3], out ChunkEvent first);
        clock.Advance(TimeSpan.FromSeconds(0.5));
        Poem blockingPoem = blocking.Complete();
        clock.Advance(TimeSpan.FromSeconds(1));
        var select = new PoemBuilder(1, address, PoetryClientMode.Select, 100, clock);
        clock.Advance(TimeSpan.FromSeconds(0.25));
        select.TryAppend([4, 5], out ChunkEvent second);
        Poem selectPoem = select.Complete();
        var stray = second with { TaskNumber = 2 };

        var models = ModelMeasurement.FromPoems([selectPoem, blockingPoem], [first, second, stray]);

        Assert.Equal(new[] { PoetryClientMode.Blocking, PoetryClientMode.Select }, models.Select(m => m.Mode));
        Assert.Equal(TimeSpan.FromSeconds(1), models[0].TotalTime);
        Assert.Equal(TimeSpan.FromSeconds(0.5), Assert.Single(models[0].Chunks).Offset);
        Assert.Equal(Origin + TimeSpan.FromSeconds(2), models[1].StartTime);
        Assert.Equal(2, Assert.Single(models[1].Chunks).Bytes);
        Assert.Null(models[1].CpuTime);
        Assert.Equal(TimeSpan.FromSeconds(0.25), models[1].Tasks[0].FirstByte);
    }
}
