using PoetryReactor.Callbacks;

namespace PoetryReactor.Tests.Callbacks;

public class OutputQueueTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public void Past_its_capacity_a_queue_drops_and_counts_and_reports_each_batch_once()
    {
        var queue = new OutputQueue(capacity: 2);

        Assert.True(queue.Post(OutputItem.Object(1)));
        Assert.True(queue.Post(OutputItem.Object(2)));
        Assert.False(queue.Post(OutputItem.Object(3)));
        Assert.False(queue.Post(OutputItem.Object(4)));

        Assert.Equal(2, queue.Count);
        Assert.Equal(2, queue.Dropped);
        Assert.Equal(2, queue.TakeNewlyDropped());
        Assert.Equal(0, queue.TakeNewlyDropped());
    }

    [Fact]
    public void A_reader_takes_records_in_order_then_ends_when_completed()
    {
        var queue = new OutputQueue();
        queue.Post(OutputItem.Object("a"));
        queue.Post(OutputItem.Warning("w"));
        queue.Complete();

        Assert.True(queue.TryTake(out var first, Bound, CancellationToken.None, out _));
        Assert.Equal("a", first.Payload);
        Assert.True(queue.TryTake(out var second, Bound, CancellationToken.None, out _));
        Assert.Equal(OutputKind.Warning, second.Kind);
        Assert.False(queue.TryTake(out _, Bound, CancellationToken.None, out var timedOut));
        Assert.False(timedOut);
        Assert.False(queue.Post(OutputItem.Object("late")), "a completed queue takes nothing more");
    }

    [Fact]
    public void A_wait_ends_at_its_timeout_and_says_so()
    {
        var queue = new OutputQueue();

        Assert.False(queue.TryTake(out _, TimeSpan.FromMilliseconds(20), CancellationToken.None, out var timedOut));
        Assert.True(timedOut);
    }

    [Fact]
    public async Task A_wait_ends_when_cancelled()
    {
        var queue = new OutputQueue();
        using var cancel = new CancellationTokenSource();
        var waiting = Task.Run(() => queue.TryTake(out _, Timeout.InfiniteTimeSpan, cancel.Token, out _));
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Bound));
    }

    [Fact]
    public async Task A_record_posted_from_another_thread_wakes_the_reader()
    {
        var queue = new OutputQueue();
        var reading = Task.Run(() => queue.TryTake(out var item, Bound, CancellationToken.None, out _) ? item.Payload : null);
        queue.Post(OutputItem.Object("woke"));

        Assert.Equal("woke", await reading.WaitAsync(Bound));
    }

    [Fact]
    public void Once_redirected_what_is_queued_and_what_comes_later_goes_to_the_other_queue_with_the_drop_count()
    {
        var waiter = new OutputQueue(capacity: 1);
        var events = new OutputQueue();
        waiter.Post(OutputItem.Object("queued"));
        waiter.Post(OutputItem.Object("dropped"));

        waiter.RedirectTo(events);
        waiter.Post(OutputItem.Object("later"));

        Assert.Equal(0, waiter.Count);
        var payloads = new List<object?>();
        while (events.TryTake(out var item, TimeSpan.Zero, CancellationToken.None, out _)) payloads.Add(item.Payload);
        Assert.Equal(new object?[] { "queued", "1 callback record(s) were dropped: the queue holds at most 1.", "later" }, payloads);
    }

    [Fact]
    public void A_queue_cannot_redirect_to_itself_or_be_made_without_room()
    {
        var queue = new OutputQueue();
        Assert.Throws<ArgumentException>(() => queue.RedirectTo(queue));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OutputQueue(0));
    }
}
