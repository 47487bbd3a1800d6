namespace PoetryReactor.Core.Tests;

/// <summary>The timer heap behind CallLater: compaction, and ordering under reset/delay/cancel against a model.</summary>
public class ReactorTimerHeapTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    [Theory, MemberData(nameof(Backends))]
    public void Cancel_MoreThanHalf_CompactsTheHeap(ReactorBackendKind backend)
    {
        var clock = new ManualClock();
        using var reactor = ReactorTestKit.Create(backend, new RecordingLog(), clock);
        var calls = Enumerable.Range(0, 10_000).Select(i => reactor.CallLater(1 + i % 100, () => { })).ToList();
        Assert.Equal(10_000, reactor.Timers.HeapCount);
        foreach (var call in calls.Take(6_000)) call.Cancel();

        Assert.True(reactor.Timers.HeapCount <= 5_000, $"heap still holds {reactor.Timers.HeapCount} entries");
        Assert.Equal(4_000, reactor.Timers.LiveCount);
        Assert.Equal(calls.Skip(6_000).ToHashSet(), reactor.GetDelayedCalls().ToHashSet());
    }

    [Fact]
    public void RandomScheduleResetDelayCancel_RunsInModelOrder()
    {
        var clock = new TaskClock();
        var random = new Random(42);
        var model = new Dictionary<int, (double Time, long Order)>();
        var calls = new Dictionary<int, DelayedCall>();
        var ran = new List<int>();
        long order = 0;
        for (int step = 0; step < 5_000; step++)
        {
            int op = calls.Count == 0 ? 0 : random.Next(4);
            if (op == 0)
            {
                int id = step;
                double delay = random.Next(0, 200) / 4.0;
                calls[id] = clock.CallLater(delay, () => ran.Add(id));
                model[id] = (clock.Seconds() + delay, order++);
                continue;
            }
            int key = calls.Keys.ElementAt(random.Next(calls.Count));
            var call = calls[key];
            switch (op)
            {
                case 1:
                    call.Cancel();
                    calls.Remove(key);
                    model.Remove(key);
                    break;
                case 2:
                    double reset = random.Next(0, 200) / 4.0;
                    call.Reset(reset);
                    model[key] = (clock.Seconds() + reset, order++);
                    break;
                default:
                    double later = random.Next(0, 40) / 4.0;
                    call.Delay(later);
                    model[key] = (model[key].Time + later, order++);
                    break;
            }
        }
        var expected = model.OrderBy(kv => kv.Value.Time).ThenBy(kv => kv.Value.Order).Select(kv => kv.Key).ToList();
        Assert.Equal(expected, clock.GetDelayedCalls().Select(c => calls.First(kv => kv.Value == c).Key));

        clock.Advance(1_000);
        Assert.Equal(expected, ran);
    }
}
