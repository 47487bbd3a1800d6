namespace PoetryReactor.Core.Tests;

/// <summary>Twisted's test_internet.DelayedTests: many calls added and cancelled, the live ones listed exactly.</summary>
public class ReactorDelayedTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    private readonly RecordingLog _log = new();
    private readonly ManualClock _clock = new();
    private readonly Dictionary<int, DelayedCall> _timers = new();
    private Reactor _reactor = null!;
    private int _counter;
    private bool _finished;

    [Theory, MemberData(nameof(Backends))]
    public void GetDelayedCalls_TracksCallsAsTheyRunAndAreAdded(ReactorBackendKind backend)
    {
        using var reactor = ReactorTestKit.Create(backend, _log, _clock);
        _reactor = reactor;
        CheckTimers();
        AddTimer(35, Done);
        AddTimer(20, Callback);
        AddTimer(30, Callback);
        int which = _counter;
        AddTimer(29, Callback);
        AddTimer(25, AddCallback);
        AddTimer(26, Callback);
        _timers[which].Cancel();
        _timers.Remove(which);
        CheckTimers();

        for (int step = 0; step < 100 && !_finished; step++)
        {
            _clock.Advance(0.01);
            reactor.Iterate();
        }
        Assert.True(_finished);
        Assert.Empty(_log.Errors);
        // The call added at 25 for 15 more is still pending, and listed.
        CheckTimers();
        Assert.Single(reactor.GetDelayedCalls());
    }

    [Theory, MemberData(nameof(Backends))]
    public void ManyCallsAddedAndCancelled_OnlyActiveOnesListedAndRun(ReactorBackendKind backend)
    {
        using var reactor = ReactorTestKit.Create(backend, _log, _clock);
        var random = new Random(1234);
        var ran = new List<int>();
        var calls = new List<(int Id, DelayedCall Call)>();
        for (int i = 0; i < 2000; i++)
        {
            int id = i;
            calls.Add((id, reactor.CallLater(random.Next(1, 1000) / 100.0, () => ran.Add(id))));
        }
        var cancelled = calls.Where(_ => random.Next(3) == 0).ToList();
        foreach (var (_, call) in cancelled) call.Cancel();
        var live = calls.Except(cancelled).ToList();

        Assert.Equal(live.Select(c => c.Call).OrderBy(c => c.Time).ToHashSet(), reactor.GetDelayedCalls().ToHashSet());
        Assert.Equal(live.Count, reactor.GetDelayedCalls().Count);

        _clock.Advance(10);
        reactor.RunUntilCurrent();
        var expected = live.OrderBy(c => c.Call.Time).ThenBy(c => c.Id).Select(c => c.Id);
        Assert.Equal(expected, ran);
        Assert.Empty(reactor.GetDelayedCalls());
    }

    private void CheckTimers()
    {
        var listed = _reactor.GetDelayedCalls();
        Assert.Equal(_timers.Values.ToHashSet(), listed.ToHashSet());
        Assert.Equal(_timers.Count, listed.Count);
    }

    private void Callback(int tag)
    {
        _timers.Remove(tag);
        CheckTimers();
    }

    private void AddCallback(int tag)
    {
        Callback(tag);
        AddTimer(15, Callback);
    }

    private void Done(int tag)
    {
        _finished = true;
        Callback(tag);
    }

    private void AddTimer(int when, Action<int> callback)
    {
        int tag = _counter++;
        _timers[tag] = _reactor.CallLater(when * 0.01, () => callback(tag));
        CheckTimers();
    }
}
