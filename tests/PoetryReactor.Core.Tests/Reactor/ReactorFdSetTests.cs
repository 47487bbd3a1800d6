using System.Diagnostics;
using System.Net.Sockets;

namespace PoetryReactor.Core.Tests;

/// <summary>Twisted's test_fdset.py: readers and writers on real loopback sockets.</summary>
public sealed class ReactorFdSetTests : IDisposable
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    private readonly RecordingLog _log = new();
    private readonly Socket _a, _b;

    public ReactorFdSetTests() => (_a, _b) = ReactorTestKit.SocketPair();

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    private Reactor Create(ReactorBackendKind backend) => ReactorTestKit.Create(backend, _log, new ManualClock());

    [Theory, MemberData(nameof(Backends))]
    public void AddRemoveReader_GetReadersListsIt(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var d = new SocketDescriptor(_a, "a");
        Assert.Empty(reactor.GetReaders());
        reactor.AddReader(d);
        reactor.AddReader(d);
        Assert.Same(d, Assert.Single(reactor.GetReaders()));
        Assert.Empty(reactor.GetWriters());
        reactor.RemoveReader(d);
        reactor.RemoveReader(d);
        Assert.Empty(reactor.GetReaders());
    }

    [Theory, MemberData(nameof(Backends))]
    public void AddRemoveWriter_GetWritersListsIt(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var d = new SocketDescriptor(_a, "a");
        reactor.AddWriter(d);
        Assert.Same(d, Assert.Single(reactor.GetWriters()));
        Assert.Empty(reactor.GetReaders());
        reactor.RemoveWriter(d);
        Assert.Empty(reactor.GetWriters());
    }

    [Theory, MemberData(nameof(Backends))]
    public void DoRead_IsCalledWhenDataArrives(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var d = new SocketDescriptor(_a, "a");
        reactor.AddReader(d);
        _b.Send(new byte[] { 1, 2, 3 });
        ReactorTestKit.IterateUntil(reactor, () => d.BytesRead == 3, "three bytes");
        Assert.Empty(d.Lost);
    }

    [Theory, MemberData(nameof(Backends))]
    public void DoWrite_IsCalledWhileWritable(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var d = new SocketDescriptor(_a, "a");
        reactor.AddWriter(d);
        ReactorTestKit.IterateUntil(reactor, () => d.Writes >= 2, "two DoWrite calls");
        Assert.Equal(0, d.Reads);
    }

    [Theory, MemberData(nameof(Backends))]
    public void RemoveReader_KeepsTheWriter(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var d = new SocketDescriptor(_a, "a");
        reactor.AddReader(d);
        reactor.AddWriter(d);
        reactor.RemoveReader(d);
        Assert.Empty(reactor.GetReaders());
        Assert.Same(d, Assert.Single(reactor.GetWriters()));
        _b.Send(new byte[] { 1 }); // readable too, but nobody is reading
        ReactorTestKit.IterateUntil(reactor, () => d.Writes >= 2, "DoWrite");
        Assert.Equal(0, d.Reads);
    }

    [Theory, MemberData(nameof(Backends))]
    public void RemoveWriter_KeepsTheReader(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var d = new SocketDescriptor(_a, "a");
        reactor.AddReader(d);
        reactor.AddWriter(d);
        reactor.RemoveWriter(d);
        Assert.Same(d, Assert.Single(reactor.GetReaders()));
        Assert.Empty(reactor.GetWriters());
        _b.Send(new byte[] { 1 });
        ReactorTestKit.IterateUntil(reactor, () => d.BytesRead == 1, "DoRead");
        Assert.Equal(0, d.Writes);
    }

    [Theory, MemberData(nameof(Backends))]
    public void RemoveAll_ReturnsEachDescriptorOnceAndSparesTheWaker(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var both = new SocketDescriptor(_a, "a");
        var reader = new SocketDescriptor(_b, "b");
        reactor.AddReader(both);
        reactor.AddWriter(both);
        reactor.AddReader(reader);

        var removed = reactor.RemoveAll();
        Assert.Equal(new IFileDescriptor[] { both, reader }.ToHashSet(), removed.ToHashSet());
        Assert.Equal(2, removed.Count);
        Assert.Empty(reactor.GetReaders());
        Assert.Empty(reactor.GetWriters());
        Assert.Empty(reactor.RemoveAll());

        // The waker still works: a thread action ends a 30 s wait early.
        bool ran = false;
        var thread = new Thread(() => reactor.CallFromThread(() => ran = true));
        var sw = Stopwatch.StartNew();
        thread.Start();
        reactor.Iterate(30);
        reactor.RunUntilCurrent();
        Assert.True(thread.Join(ReactorTestKit.Patience));
        Assert.True(ran);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(25), "the waker did not wake the wait");
    }

    [Theory, MemberData(nameof(Backends))]
    public void DoReadReturningAReason_RemovesReaderAndWriter_AndCallsConnectionLost(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var d = new SocketDescriptor(_a, "a");
        var reason = new ConnectionDoneException();
        d.OnRead = () => reason;
        reactor.AddReader(d);
        reactor.AddWriter(d);
        _b.Send(new byte[] { 1 });
        ReactorTestKit.IterateUntil(reactor, () => d.Lost.Count > 0, "ConnectionLost");
        Assert.Same(reason, Assert.Single(d.Lost));
        Assert.Empty(reactor.GetReaders());
        Assert.Empty(reactor.GetWriters());
        Assert.Empty(_log.Errors);
    }

    [Theory, MemberData(nameof(Backends))]
    public void DoWriteReturningAReason_RemovesIt_AndCallsConnectionLost(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var d = new SocketDescriptor(_a, "a");
        var reason = new ConnectionLostException("write side gave up");
        d.OnWrite = () => reason;
        reactor.AddReader(d);
        reactor.AddWriter(d);
        ReactorTestKit.IterateUntil(reactor, () => d.Lost.Count > 0, "ConnectionLost");
        Assert.Same(reason, Assert.Single(d.Lost));
        Assert.Empty(reactor.GetReaders());
        Assert.Empty(reactor.GetWriters());
    }

    [Theory, MemberData(nameof(Backends))]
    public void DoReadThrowing_IsLoggedWithItsPrefix_ThenConnectionLostWithTheException(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var d = new SocketDescriptor(_a, "poetry client 1");
        var boom = new InvalidDataException("bad poem");
        d.OnRead = () => throw boom;
        reactor.AddReader(d);
        _b.Send(new byte[] { 1 });
        ReactorTestKit.IterateUntil(reactor, () => d.Lost.Count > 0, "ConnectionLost");
        var (origin, error) = Assert.Single(_log.Errors);
        Assert.Equal("poetry client 1", origin);
        Assert.Same(boom, error);
        Assert.Same(boom, Assert.Single(d.Lost));
        Assert.Empty(reactor.GetReaders());
        Assert.Equal(1, reactor.Stats.CallbackErrors);
    }

    [Theory, MemberData(nameof(Backends))]
    public void PeerClosing_DoReadSeesEndOfStream(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var d = new SocketDescriptor(_a, "a");
        reactor.AddReader(d);
        _b.Send(new byte[] { 1, 2 });
        _b.Shutdown(SocketShutdown.Both);
        _b.Close();
        ReactorTestKit.IterateUntil(reactor, () => d.Lost.Count > 0, "end of stream");
        Assert.Equal(2, d.BytesRead);
        Assert.IsType<ConnectionDoneException>(Assert.Single(d.Lost));
    }

    [Theory, MemberData(nameof(Backends))]
    public void DescriptorWithOnlyAFileno_IsWatched(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var d = new SocketDescriptor(_a, "raw", exposeSocket: false);
        Assert.Null(d.Socket);
        reactor.AddReader(d);
        _b.Send(new byte[] { 7 });
        ReactorTestKit.IterateUntil(reactor, () => d.BytesRead == 1, "a read on the raw handle");
        reactor.RemoveReader(d);
        _b.Send(new byte[] { 8 });
        Assert.Equal(1, _a.Receive(new byte[4])); // removing the reader left the handle open
    }

    [Theory, MemberData(nameof(Backends))]
    public void NegativeFileno_IsRejected(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        Assert.Throws<ArgumentException>(() => reactor.AddReader(new ClosedDescriptor()));
        Assert.Throws<ArgumentException>(() => reactor.AddWriter(new ClosedDescriptor()));
        Assert.Empty(reactor.GetWriters());
        Assert.Empty(reactor.GetReaders());
    }

    [Theory, MemberData(nameof(Backends))]
    public void ReaderRemovedByAnEarlierCallbackInTheSamePass_IsNotCalled(ReactorBackendKind backend)
    {
        using var reactor = Create(backend);
        var first = new SocketDescriptor(_a, "a");
        var second = new SocketDescriptor(_b, "b");
        first.OnRead = () => { reactor.RemoveReader(second); return null; };
        second.OnRead = () => { reactor.RemoveReader(first); return null; };
        reactor.AddReader(first);
        reactor.AddReader(second);
        _a.Send(new byte[] { 1 });
        _b.Send(new byte[] { 1 });
        ReactorTestKit.IterateUntil(reactor, () => first.Reads + second.Reads > 0, "a read");
        Assert.Equal(1, first.Reads + second.Reads);
        Assert.Single(reactor.GetReaders());
    }

    [Theory, MemberData(nameof(Backends))]
    public void Shutdown_CallsConnectionLostOnRegisteredDescriptors(ReactorBackendKind backend)
    {
        var reactor = ReactorTestKit.Create(backend, _log);
        var reader = new SocketDescriptor(_a, "a");
        var writer = new SocketDescriptor(_b, "b");
        reactor.AddReader(reader);
        reactor.AddWriter(writer);
        reactor.CallWhenRunning(reactor.Stop);
        reactor.Run();
        foreach (var d in new[] { reader, writer })
        {
            var reason = Assert.IsType<ReactorShutdownException>(Assert.Single(d.Lost));
            Assert.Equal("reactor shut down", reason.Message);
            Assert.IsAssignableFrom<ConnectionLostException>(reason);
        }
        Assert.Empty(reactor.GetReaders());
        Assert.Empty(reactor.GetWriters());
    }

    private sealed class ClosedDescriptor : IReadDescriptor, IWriteDescriptor
    {
        public nint Fileno => -1;
        public Socket? Socket => null;
        public string LogPrefix => "closed";
        public Exception? DoRead() => null;
        public Exception? DoWrite() => null;
        public void ConnectionLost(Exception reason) { }
    }
}
