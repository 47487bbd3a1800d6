using System.Net.Sockets;
using PoetryReactor.Core.Defer;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Poetry.Clients;

/// <summary>
/// One poem fetched on a reactor, shared by the reader and protocol clients: the byte limit, the
/// idle timeout, the mapping of network reasons to <see cref="PoetryException"/>, and the result
/// as a Deferred. Reactor thread only.
/// </summary>
internal abstract class ReactorPoemTask
{
    private readonly Action<ChunkEvent>? _chunkReceived;
    private DelayedCall? _idle;
    private bool _ended;

    protected ReactorPoemTask(Reactor reactor, PoemBuilder builder, PoetryClientOptions options, Action<ChunkEvent>? chunkReceived)
    {
        Reactor = reactor;
        Builder = builder;
        Timeout = options.Timeout;
        ReceiveBufferSize = options.ReceiveBufferSize;
        _chunkReceived = chunkReceived;
        Target = builder.Address.ToString();
        // Cancelling closes everything quietly; the Deferred then fails with CancelledError.
        Result = new Deferred<Poem>(_ => Abandon());
    }

    /// <summary>Fires once with the poem, complete or with its <see cref="Poem.Error"/>; fails only when cancelled.</summary>
    public Deferred<Poem> Result { get; }

    protected Reactor Reactor { get; }

    protected PoemBuilder Builder { get; }

    protected TimeSpan Timeout { get; }

    protected int ReceiveBufferSize { get; }

    protected string Target { get; }

    protected bool Ended => _ended;

    /// <summary>Starts connecting.</summary>
    public abstract void Start();

    /// <summary>Ends the task with <paramref name="reason"/> as its poem's error (e.g. reactor shutdown).</summary>
    public void FailWith(Exception reason)
    {
        if (_ended) return;
        Abandon();
        Report(Builder.Fail(Map(reason)));
    }

    /// <summary>Closes whatever is open, now, without reporting.</summary>
    protected abstract void Close();

    /// <summary>Connected: from now on the timeout bounds each wait for data.</summary>
    protected void WatchIdle()
    {
        if (Timeout == System.Threading.Timeout.InfiniteTimeSpan) return;
        if (_idle is { IsActive: true }) _idle.Reset(Timeout.TotalSeconds);
        else _idle = Reactor.CallLater(Timeout, () => FailWith(PoetryException.TimedOut(Target, Timeout, "data")));
    }

    /// <summary>Takes one read's bytes; false when the poem outgrew MaxBytes (the caller closes).</summary>
    protected bool Append(ReadOnlySpan<byte> data)
    {
        WatchIdle();
        bool fits = Builder.TryAppend(data, out var chunk);
        _chunkReceived?.Invoke(chunk);
        return fits;
    }

    /// <summary>The connection ended: a clean close completes the poem, anything else fails it.</summary>
    protected void Finish(Exception reason)
    {
        if (_ended) return;
        _ended = true;
        StopIdle();
        Report(reason is ConnectionDoneException ? Builder.Complete() : Builder.Fail(Map(reason)));
    }

    /// <summary>Network reasons as the poetry errors every client mode gives.</summary>
    protected Exception Map(Exception reason) => reason switch
    {
        PoetryException => reason,
        TimeoutError => PoetryException.TimedOut(Target, Timeout, "connection"),
        DnsLookupError dns => new PoetryException(PoetryErrorKind.HostNotFound, $"{Target}: host '{dns.Host}' not found.", Target, dns),
        ConnectError { SocketError: { } code } => PoetryException.FromSocketError(code, Target, reason),
        ConnectionLostException { InnerException: SocketException socket } => PoetryException.FromSocketError(socket.SocketErrorCode, Target, reason),
        ConnectionLostException => new PoetryException(PoetryErrorKind.ConnectionLost, $"{Target}: {reason.Message}", Target, reason),
        _ => reason,
    };

    private void Abandon()
    {
        _ended = true;
        StopIdle();
        Close();
    }

    private void Report(Poem poem)
    {
        _ended = true;
        Result.Callback(poem);
    }

    private void StopIdle()
    {
        if (_idle is { IsActive: true }) _idle.Cancel();
        _idle = null;
    }
}
