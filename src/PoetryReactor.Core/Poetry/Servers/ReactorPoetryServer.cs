using System.Net;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Poetry.Servers;

/// <summary>
/// The slow poetry server on a reactor (Part 5's fastpoetry/slowpoetry on Twisted): any number of
/// clients at once, each fed by <see cref="Reactor.CallLater(TimeSpan, Action)"/> — the first
/// chunk at once, then one every <see cref="PoetryServerOptions.Delay"/> — and closed cleanly after
/// the last. A delay of zero writes the whole poem at once (the fast poetry server).
/// </summary>
/// <remarks>
/// <para>Each connection's writer is a push producer on its transport: a client that does not read
/// fills the transport's buffer past its high-water mark, and the chunk timer then stops until the
/// client catches up, so memory per client stays bounded.</para>
/// <para>Everything runs on the reactor thread. <see cref="Start"/> and <see cref="Stop"/> act
/// directly on that thread (or before the reactor runs) and otherwise hand over to it and wait;
/// <see cref="StartAsync"/> and <see cref="StopAsync"/> hand over without waiting. Starts once.</para>
/// </remarks>
public sealed class ReactorPoetryServer : IPoetryServer, IDisposable
{
    /// <summary>How long <see cref="Stop"/> waits for the reactor thread, and how long a stopped server's
    /// connections get to flush before they are aborted.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly HashSet<PoemWriter> _live = new();
    private readonly ConnectionLimit? _limit;
    private IListeningPort? _port;
    private bool _started;
    private bool _stopped;

    /// <summary>Creates a stopped server on <paramref name="reactor"/>; the options are copied.</summary>
    public ReactorPoetryServer(Reactor reactor, PoetryServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        ArgumentNullException.ThrowIfNull(options);
        Reactor = reactor;
        Options = options.Clone();
        Stats = new PoetryServerStats();
        _limit = Options.MaxConnections > 0 ? new ConnectionLimit(Options.MaxConnections) : null;
        Factory = new WriterFactory(this);
    }

    /// <summary>One worker of a <see cref="ReactorPoetryServerGroup"/>: counts into <paramref name="whole"/>, shares <paramref name="limit"/>; listens through the group.</summary>
    internal ReactorPoetryServer(Reactor reactor, PoetryServerOptions options, PoetryServerStats whole, ConnectionLimit? limit)
    {
        Reactor = reactor;
        Options = options.Clone();
        Stats = new PoetryServerStats(whole);
        _limit = limit;
        Factory = new WriterFactory(this);
    }

    /// <summary>The reactor the server runs on.</summary>
    public Reactor Reactor { get; }

    /// <inheritdoc />
    public PoetryServerMode Mode => PoetryServerMode.Reactor;

    /// <inheritdoc />
    public PoetryServerOptions Options { get; }

    /// <inheritdoc />
    public PoetryServerStats Stats { get; }

    /// <summary>Builds the writers; a group's port hands it its connections.</summary>
    internal ServerFactory Factory { get; }

    /// <summary>The bound endpoint once started; null before.</summary>
    public IPEndPoint? EndPoint { get; private set; }

    /// <inheritdoc />
    public int Port => EndPoint?.Port ?? 0;

    /// <inheritdoc />
    public string? Host => EndPoint?.Address.ToString();

    /// <inheritdoc />
    public HostPort Address => EndPoint is { } ep
        ? HostPort.FromEndPoint(ep)
        : throw new InvalidOperationException("The server has not been started.");

    /// <inheritdoc />
    public bool IsRunning => Volatile.Read(ref _started) && !Volatile.Read(ref _stopped) && !Reactor.IsStopped;

    /// <summary>Listens (see the remarks for the thread). Returns once listening.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    /// <exception cref="PoetryException">The address is in use (<see cref="PoetryErrorKind.AddressInUse"/>) or cannot be bound.</exception>
    public void Start() => Wait(StartAsync(), "start the server");

    /// <summary>Listens, on the reactor thread; the task completes once listening (or with the error).</summary>
    public Task StartAsync() => Reactor.InvokeAsync(Listen);

    /// <summary>
    /// Stops listening (the port is free at once) and closes every live connection cleanly after
    /// the chunk it is sending; a connection that cannot flush within <see cref="StopTimeout"/> is
    /// aborted. Unfinished connections count as aborted. Safe to repeat.
    /// </summary>
    public void Stop() => Wait(StopAsync(), "stop the server");

    /// <summary>As <see cref="Stop"/>, from any thread without waiting; completed at once if the reactor has stopped
    /// (its shutdown closed everything).</summary>
    public Task StopAsync() => Reactor.IsStopped && !Reactor.IsInReactorThread
        ? MarkStopped()
        : Reactor.InvokeAsync(Shutdown);

    /// <summary>Same as <see cref="Stop"/>.</summary>
    public void Dispose() => Stop();

    // Waits for work handed to the reactor thread and rethrows its own exception, not an AggregateException.
    private static void Wait(Task task, string what)
    {
        try
        {
            if (!task.Wait(StopTimeout))
                throw new TimeoutException($"The reactor thread did not {what} within {StopTimeout.TotalSeconds:0.###} s.");
        }
        catch (AggregateException)
        {
            // rethrown unwrapped below
        }
        task.GetAwaiter().GetResult();
    }

    private void Listen()
    {
        if (_started) throw new InvalidOperationException("The server has already been started.");
        try
        {
            _port = Reactor.ListenTcp(Options.Port, Factory, Options.Interface.ToString());
        }
        catch (CannotListenError e)
        {
            string target = new IPEndPoint(Options.Interface, Options.Port).ToString();
            throw PoetryException.FromSocketError(e.SocketError, target, e);
        }
        EndPoint = _port.GetHost();
        Volatile.Write(ref _started, true);
    }

    /// <summary>A group's worker: listening is the group's; from now on it counts as started on <paramref name="endPoint"/>.</summary>
    internal void Attach(IPEndPoint endPoint)
    {
        EndPoint = endPoint;
        Volatile.Write(ref _started, true);
    }

    private void Shutdown()
    {
        if (!_started || _stopped) return;
        Volatile.Write(ref _stopped, true);
        _port?.StopListening(); // a group's worker has no port of its own
        foreach (var writer in _live.ToArray()) writer.Close();
    }

    private Task MarkStopped()
    {
        Volatile.Write(ref _stopped, true);
        return Task.CompletedTask;
    }

    /// <summary>Builds a writer per client, or refuses the client when at the limit.</summary>
    private sealed class WriterFactory(ReactorPoetryServer server) : ServerFactory
    {
        public override Protocol? BuildProtocol(EndPoint address)
        {
            if (server._stopped || !(server._limit?.TryTake() ?? true))
            {
                server.Stats.Refuse();
                return null;
            }
            return new PoemWriter(server) { Factory = this };
        }
    }

    /// <summary>One client's poem, chunk by chunk; a push producer so a full buffer stops the timer.</summary>
    private sealed class PoemWriter(ReactorPoetryServer server) : Protocol, IPushProducer
    {
        private readonly byte[] _poem = server.Options.PoemBytes;
        private readonly int _chunkSize = server.Options.ChunkSize;
        private readonly TimeSpan _delay = server.Options.Delay;
        private PoetryServerStats.Connection? _tally;
        private DelayedCall? _timer; // the abort after a stop
        private DelayedCall? _chunkTimer; // one per connection, run again for every chunk
        private int _offset;
        private bool _paused;
        private bool _duePaused;
        private double _due = double.NaN; // when the chunk being sent was due (reactor seconds)
        private bool _done;

        public override void ConnectionMade()
        {
            var transport = Transport!;
            _tally = server.Stats.Open(transport.GetPeer(), transport.AbortConnection);
            server._live.Add(this);
            transport.RegisterProducer(this, streaming: true);
            SendNext();
        }

        public override void ConnectionLost(Exception reason)
        {
            CancelTimer();
            server._live.Remove(this);
            server._limit?.Release();
            if (_offset == _poem.Length && reason is ConnectionDoneException) _tally!.Finish();
            else _tally!.Abort(server._stopped ? new OperationCanceledException("The server was stopped.", reason) : reason);
        }

        public void PauseProducing() => _paused = true;

        public void ResumeProducing()
        {
            _paused = false;
            if (!_duePaused) return;
            _due = double.NaN; // a paused writer starts its rhythm again from now
            SendNext();
        }

        public void StopProducing()
        {
            _done = true;
            CancelTimer();
        }

        /// <summary>Ends the connection cleanly (server stop); aborts it if it cannot flush in time.</summary>
        public void Close()
        {
            _done = true;
            CancelTimer();
            Transport!.UnregisterProducer();
            Transport.LoseConnection();
            // Kept in _timer so ConnectionLost cancels it once the connection has closed.
            _timer = server.Reactor.CallLater(StopTimeout, () => Transport.AbortConnection());
        }

        private void SendNext()
        {
            _duePaused = false;
            // A zero delay writes everything now, in pieces no bigger than the high-water mark, so a
            // huge poem still yields to back-pressure.
            int piece = _delay == TimeSpan.Zero ? Math.Max(_chunkSize, TcpConnection.DefaultHighWaterMark) : _chunkSize;
            do
            {
                if (_done) return;
                if (_paused)
                {
                    _duePaused = true;
                    return;
                }
                if (_offset == _poem.Length)
                {
                    _done = true;
                    Transport!.UnregisterProducer();
                    Transport.LoseConnection();
                    return;
                }
                int length = Math.Min(piece, _poem.Length - _offset);
                int start = _offset;
                _offset += length;
                Transport!.Write(_poem.AsSpan(start, length));
                _tally!.Sent(length);
            }
            while (_delay == TimeSpan.Zero || _offset == _poem.Length);
            // Fixed rate: the next chunk is due one delay after this one was due, not after it ran,
            // so a busy pass does not push every later chunk back (20 late passes added up to 2x).
            double now = server.Reactor.Seconds();
            _due = double.IsNaN(_due) ? now + _delay.TotalSeconds : _due + _delay.TotalSeconds;
            // Behind by more than a delay: one chunk per pass until caught up, never a burst.
            double wait = Math.Max(0, _due - now);
            if (_chunkTimer is { IsCalled: true }) server.Reactor.CallAgain(_chunkTimer, wait);
            else if (_chunkTimer is { IsActive: true }) _chunkTimer.Reset(wait);
            else _chunkTimer = server.Reactor.CallLater(wait, SendNext);
        }

        private void CancelTimer()
        {
            if (_timer is { IsActive: true }) _timer.Cancel();
            _timer = null;
            if (_chunkTimer is { IsActive: true }) _chunkTimer.Cancel();
        }
    }
}
