using PoetryReactor.Core.Net;
using static PoetryReactor.Core.Tests.Net.NetTestKit;

namespace PoetryReactor.Core.Tests.Net;

/// <summary>Producers: a push producer is paused above the high-water mark and resumed when the peer reads.</summary>
public sealed class TcpProducerTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    private const int Chunk = 16 * 1024;
    // More than a loopback send buffer can grow to (tcp_wmem max, 4 MiB), so the transport must buffer.
    private const int Total = 8 * 1024 * 1024;

    [Theory, MemberData(nameof(Backends))]
    public void A_push_producer_is_paused_while_the_peer_does_not_read_and_resumed_when_it_does(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        byte[] payload = RandomBytes(Total, seed: 7);
        var producer = new StreamingProducer(payload);
        var server = new RecordingProtocol { OnMade = p => producer.Attach(p.Connection) };
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, new ServerFactory(() => server)));

        using var client = ConnectClient(port.Port, receiveBuffer: 4096);
        Await(producer.FirstPause.Task, "the producer to be paused");

        // While paused nothing more is produced and the buffer stays near the high-water mark.
        var (paused, buffered, written) = r.OnReactor(() => (producer.Paused, producer.Connection!.BufferedBytes, producer.Written));
        Assert.True(paused);
        Assert.InRange(buffered, TcpConnection.DefaultHighWaterMark + 1, TcpConnection.DefaultHighWaterMark + Chunk);
        Assert.True(written < Total, "everything was produced although the peer never read");
        Assert.Equal(written, r.OnReactor(() => producer.Written));

        Assert.Equal(payload, ReadToEnd(client));
        var stats = r.OnReactor(() => (producer.Pauses, producer.Resumes, producer.MaxBuffered));
        Assert.True(stats.Resumes >= 1, "never resumed");
        Assert.InRange(stats.Pauses, stats.Resumes, stats.Resumes + 1);
        Assert.InRange(stats.MaxBuffered, 1, TcpConnection.DefaultHighWaterMark + Chunk);
        Assert.IsType<ConnectionDoneException>(Await(server.Lost.Task, "ConnectionLost"));
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_pull_producer_is_asked_at_registration_and_each_time_the_buffer_drains(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        byte[] payload = RandomBytes(1024 * 1024, seed: 9);
        var producer = new PullProducer(payload);
        var server = new RecordingProtocol
        {
            OnMade = p =>
            {
                producer.Transport = p.Transport;
                p.Transport!.RegisterProducer(producer, streaming: false);
            },
        };
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, new ServerFactory(() => server)));

        using var client = ConnectClient(port.Port, receiveBuffer: 4096);

        Assert.Equal(payload, ReadToEnd(client));
        Assert.Equal(payload.Length / Chunk, r.OnReactor(() => producer.Calls));
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_producer_is_stopped_when_the_connection_closes_and_mismatches_are_refused(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var producer = new StreamingProducer([]);
        var server = new RecordingProtocol
        {
            OnMade = p =>
            {
                Assert.Throws<ArgumentException>(() => p.Transport!.RegisterProducer(new PullProducer([]), streaming: true));
                Assert.Throws<ArgumentException>(() => p.Transport!.RegisterProducer(producer, streaming: false));
                p.Transport!.RegisterProducer(producer, streaming: true);
                Assert.Throws<InvalidOperationException>(() => p.Transport.RegisterProducer(producer, streaming: true));
            },
        };
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, new ServerFactory(() => server)));
        var client = ConnectClient(port.Port);
        Await(server.Made.Task, "ConnectionMade");

        client.Dispose();

        Await(server.Lost.Task, "ConnectionLost");
        Assert.True(r.OnReactor(() => producer.Stopped));
        // Registering with a closed transport stops the producer at once.
        var late = new StreamingProducer([]);
        r.OnReactor(() => server.Transport!.RegisterProducer(late, streaming: true));
        Assert.True(r.OnReactor(() => late.Stopped));
    }

    /// <summary>Writes chunks for as long as it is not paused; loses the connection at the end.</summary>
    private sealed class StreamingProducer(byte[] payload) : IPushProducer
    {
        public TaskCompletionSource FirstPause { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TcpConnection? Connection { get; private set; }
        public bool Paused { get; private set; }
        public bool Stopped { get; private set; }
        public int Written { get; private set; }
        public int Pauses { get; private set; }
        public int Resumes { get; private set; }
        public int MaxBuffered { get; private set; }

        public void Attach(TcpConnection connection)
        {
            Connection = connection;
            connection.RegisterProducer(this, streaming: true);
            Produce();
        }

        public void PauseProducing()
        {
            Paused = true;
            Pauses++;
            FirstPause.TrySetResult();
        }

        public void ResumeProducing()
        {
            Paused = false;
            Resumes++;
            Produce();
        }

        public void StopProducing() => Stopped = true;

        private void Produce()
        {
            while (!Paused && !Stopped && Written < payload.Length)
            {
                int n = Math.Min(Chunk, payload.Length - Written);
                Connection!.Write(payload.AsSpan(Written, n));
                Written += n;
                MaxBuffered = Math.Max(MaxBuffered, Connection.BufferedBytes);
            }
            if (Written == payload.Length && !Stopped)
            {
                Connection!.UnregisterProducer();
                Connection.LoseConnection();
            }
        }
    }

    /// <summary>Writes one chunk per ResumeProducing; loses the connection when all is written.</summary>
    private sealed class PullProducer(byte[] payload) : IPullProducer
    {
        public ITransport? Transport { get; set; }
        public int Calls { get; private set; }
        private int _written;

        public void ResumeProducing()
        {
            if (_written == payload.Length) return;
            Calls++;
            Transport!.Write(payload.AsSpan(_written, Chunk));
            _written += Chunk;
            if (_written == payload.Length)
            {
                Transport.UnregisterProducer();
                Transport.LoseConnection();
            }
        }

        public void StopProducing() { }
    }
}
