using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace PoetryReactor.Core.Net;

/// <summary>
/// A TCP connection on the reactor: the <see cref="ITransport"/> its protocol writes to, and the
/// descriptor the reactor reads and writes. Made by <see cref="TcpExtensions.ListenTcp"/> and
/// <see cref="TcpExtensions.ConnectTcp"/>; reactor thread only.
/// </summary>
/// <remarks>
/// Memory per connection is bounded: a streaming producer is paused once more than
/// <see cref="HighWaterMark"/> bytes wait to be sent, and a plain write that would make more than
/// <see cref="MaxBufferSize"/> bytes wait aborts the connection with a <see cref="WriteBufferOverflowError"/>.
/// Reads and direct sends report errors as values, so the data path throws nothing. With the Epoll
/// backend the socket is a raw descriptor (see <see cref="TcpSocket"/>): a connection that writes
/// its whole output and closes in ConnectionMade costs accept4, send and close, nothing more.
/// Nagle's algorithm stays on, as in Twisted; <see cref="NoDelay"/> turns it off.
/// </remarks>
internal sealed class TcpConnection : ITransport, IReadDescriptor, IWriteDescriptor, IClosesHandleWhenLost
{
    /// <summary>The default <see cref="HighWaterMark"/>: 64 KiB.</summary>
    public const int DefaultHighWaterMark = 64 * 1024;

    /// <summary>The default <see cref="LowWaterMark"/>: 16 KiB.</summary>
    public const int DefaultLowWaterMark = 16 * 1024;

    /// <summary>The default <see cref="MaxBufferSize"/>: 16 MiB.</summary>
    public const int DefaultMaxBufferSize = 16 * 1024 * 1024;

    private readonly Reactor _reactor;
    private readonly TcpSocket _socket;
    private readonly nint _fd;
    private readonly byte[] _receiveBuffer;
    private readonly EndPoint _peer;
    private EndPoint? _host;
    private Protocol? _protocol;
    private WriteBuffer _buffer;
    private Exception? _writeError;
    private IProducer? _producer;
    private bool _streaming;
    private bool _producerPaused;
    private bool _writing;
    private bool _starting;
    private bool _disconnecting;
    private bool _closed;
    private bool _lostNotified;
    private bool _noDelay;

    internal TcpConnection(Reactor reactor, TcpSocket socket, EndPoint peer, EndPoint? host)
    {
        _reactor = reactor;
        _socket = socket;
        _fd = socket.Fileno;
        _peer = peer;
        _host = host;
        _receiveBuffer = ReceiveBuffers.For(reactor);
        // An accepted .NET socket blocks; raw descriptors come from accept4/socket non-blocking already.
        if (socket.Managed is { Blocking: true } managed) managed.Blocking = false;
    }

    /// <summary>Above this many buffered bytes a streaming producer is paused. Default 64 KiB.</summary>
    public int HighWaterMark { get; set; } = DefaultHighWaterMark;

    /// <summary>At or below this many buffered bytes a paused streaming producer is resumed. Default 16 KiB.</summary>
    public int LowWaterMark { get; set; } = DefaultLowWaterMark;

    /// <summary>The most bytes a connection may buffer; a write past it aborts the connection. Default 16 MiB.</summary>
    public int MaxBufferSize { get; set; } = DefaultMaxBufferSize;

    /// <summary>Bytes written but not yet handed to the socket.</summary>
    public int BufferedBytes => _buffer.Count;

    /// <summary>The protocol on this connection.</summary>
    public Protocol? Protocol => _protocol;

    /// <summary>
    /// TCP_NODELAY (Twisted's <c>setTcpNoDelay</c>): off by default, so small writes may wait for the
    /// peer's acknowledgement of earlier ones; on sends each write at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection has closed.</exception>
    public bool NoDelay
    {
        get => _noDelay;
        set
        {
            if (_closed) throw new InvalidOperationException("The connection has closed.");
            _socket.SetNoDelay(value);
            _noDelay = value;
        }
    }

    /// <summary>True until the socket is closed.</summary>
    public bool IsOpen => !_closed;

    /// <summary>Called after the protocol heard ConnectionLost (the connector's hook).</summary>
    internal Action<Exception>? OnLost { get; set; }

    nint IFileDescriptor.Fileno => _fd;

    Socket? IFileDescriptor.Socket => _socket.Managed;

    /// <inheritdoc />
    public string LogPrefix => _protocol?.GetType().Name ?? nameof(TcpConnection);

    /// <summary>Starts reading and hands the connection to <paramref name="protocol"/>.</summary>
    /// <remarks>
    /// The reactor is told about the connection only after ConnectionMade returns, with what it then
    /// needs: nothing when the protocol wrote everything and called LoseConnection (closed here, as a
    /// bare server would), else one registration for reading and, if a write is pending, writing.
    /// </remarks>
    internal void Start(Protocol protocol)
    {
        _protocol = protocol;
        _starting = true;
        try
        {
            protocol.MakeConnection(this);
        }
        catch (Exception ex)
        {
            _starting = false;
            _reactor.ReportError(LogPrefix + ".ConnectionMade", ex);
            CloseNow(ex);
            return;
        }
        _starting = false;
        if (_closed) return;
        if (!_writing)
        {
            if (!_disconnecting) _reactor.AddReader(this);
            else
            {
                CloseSocket();
                NotifyLost(new ConnectionDoneException());
            }
        }
        else if (_disconnecting) _reactor.AddWriter(this);
        else _reactor.AddReaderAndWriter(this);
    }

    /// <inheritdoc />
    public void Write(ReadOnlySpan<byte> data)
    {
        if (_disconnecting || _closed || data.IsEmpty) return;
        if (_buffer.Count == 0 && _writeError is null)
        {
            // Fast path: nothing queued, so send directly without copying.
            int sent = _socket.Send(data, out SocketError error);
            if (error == SocketError.Success)
            {
                if (sent == data.Length)
                {
                    // A pull producer is asked for more when the buffer drains: this write drained at once.
                    if (_producer is not null && !_streaming) StartWriting();
                    return;
                }
                data = data[sent..];
            }
            else if (error != SocketError.WouldBlock)
            {
                _writeError = Lost(error); // reported from DoWrite, so ConnectionLost comes from the reactor
                StartWriting();
                return;
            }
        }
        long wouldBe = (long)_buffer.Count + data.Length;
        if (wouldBe > MaxBufferSize)
        {
            CloseNow(new WriteBufferOverflowError(wouldBe, MaxBufferSize), notifyLater: true);
            return;
        }
        _buffer.Append(data);
        StartWriting();
        if (_streaming && !_producerPaused && _buffer.Count > HighWaterMark && _producer is IPushProducer push)
        {
            _producerPaused = true;
            push.PauseProducing();
        }
    }

    /// <inheritdoc />
    public void Write(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Write(data.AsSpan());
    }

    /// <inheritdoc />
    public void WriteSequence(IEnumerable<byte[]> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var chunk in data) Write(chunk);
    }

    /// <inheritdoc />
    public void LoseConnection()
    {
        if (_disconnecting || _closed) return;
        _disconnecting = true;
        if (_starting) return; // Start closes, or registers the flush, once ConnectionMade returns
        if (_buffer.Count == 0 && _writeError is null && !_writing)
        {
            // Nothing to flush: close on the next pass without asking the kernel for writability
            // (saves two epoll_ctl and a wake-up per connection). DoRead ignores what arrives meanwhile.
            _reactor.CallLater(0, () => { if (!_closed) _reactor.Disconnect(this, new ConnectionDoneException()); });
            return;
        }
        StartWriting(); // DoWrite closes once the buffer is empty
        _reactor.RemoveReader(this);
    }

    /// <inheritdoc />
    public void AbortConnection() => CloseNow(new ConnectionAbortedError(), notifyLater: true);

    /// <inheritdoc />
    public EndPoint GetPeer() => _peer;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">Asked for the first time after the socket closed.</exception>
    public EndPoint GetHost()
    {
        if (_host is not null) return _host;
        if (_closed) throw new InvalidOperationException("The connection closed before its local address was read.");
        return _host = _socket.LocalEndPoint() ?? throw new InvalidOperationException("The local address could not be read.");
    }

    /// <inheritdoc />
    public void RegisterProducer(IProducer producer, bool streaming)
    {
        ArgumentNullException.ThrowIfNull(producer);
        if (_producer is not null) throw new InvalidOperationException("A producer is already registered with this transport.");
        if (streaming && producer is not IPushProducer)
            throw new ArgumentException("A streaming producer must be an IPushProducer.", nameof(producer));
        if (!streaming && producer is not IPullProducer)
            throw new ArgumentException("A non-streaming producer must be an IPullProducer.", nameof(producer));
        if (_closed)
        {
            producer.StopProducing();
            return;
        }
        _producer = producer;
        _streaming = streaming;
        _producerPaused = false;
        if (!streaming) ((IPullProducer)producer).ResumeProducing();
    }

    /// <inheritdoc />
    public void UnregisterProducer()
    {
        _producer = null;
        _producerPaused = false;
    }

    /// <inheritdoc />
    public Exception? DoRead()
    {
        if (_disconnecting) return null; // closing on the next pass: no more data for the protocol
        int n = _socket.Receive(_receiveBuffer.AsSpan(), out SocketError error);
        if (error == SocketError.Success)
        {
            if (n == 0) return new ConnectionDoneException();
            _protocol!.DataReceived(_receiveBuffer.AsSpan(0, n));
            return null;
        }
        return error == SocketError.WouldBlock ? null : Lost(error);
    }

    /// <inheritdoc />
    public Exception? DoWrite()
    {
        if (_writeError is { } failed) return failed;
        while (_buffer.Count > 0)
        {
            int sent = _socket.Send(_buffer.Pending, out SocketError error);
            if (error == SocketError.WouldBlock) break;
            if (error != SocketError.Success) return Lost(error);
            _buffer.Consume(sent);
        }
        if (_buffer.Count > 0)
        {
            if (_producerPaused && _buffer.Count <= LowWaterMark) ResumeProducer();
            return null;
        }
        if (_disconnecting) return new ConnectionDoneException();
        StopWriting();
        if (_producer is not null && (!_streaming || _producerPaused)) ResumeProducer();
        return null;
    }

    /// <summary>The reactor stopped watching this connection: close it and tell the protocol.</summary>
    public void ConnectionLost(Exception reason)
    {
        CloseSocket();
        NotifyLost(reason);
    }

    /// <inheritdoc />
    public override string ToString() => $"TcpConnection({_peer}, {(_closed ? "closed" : _disconnecting ? "closing" : "open")})";

    private void ResumeProducer()
    {
        _producerPaused = false;
        switch (_producer)
        {
            case IPushProducer push: push.ResumeProducing(); break;
            case IPullProducer pull: pull.ResumeProducing(); break;
        }
    }

    private void StartWriting()
    {
        if (_writing || _closed) return;
        _writing = true;
        if (!_starting) _reactor.AddWriter(this); // while starting, Start registers it
    }

    private void StopWriting()
    {
        if (!_writing) return;
        _writing = false;
        _reactor.RemoveWriter(this);
    }

    /// <summary>Closes at once with a reset; the protocol hears <paramref name="reason"/> now or on the next pass.</summary>
    private void CloseNow(Exception reason, bool notifyLater = false)
    {
        if (_closed) return;
        _reactor.RemoveReader(this);
        StopWriting();
        _closed = true;
        _writing = false;
        _buffer.Release();
        _socket.Reset();
        if (notifyLater) _reactor.CallLater(0, () => NotifyLost(reason));
        else NotifyLost(reason);
    }

    private void CloseSocket()
    {
        if (_closed) return;
        _closed = true;
        _writing = false;
        _buffer.Release();
        _socket.Close();
    }

    private void NotifyLost(Exception reason)
    {
        if (_lostNotified) return;
        _lostNotified = true;
        var producer = _producer;
        _producer = null;
        try
        {
            producer?.StopProducing();
        }
        finally
        {
            try
            {
                _protocol?.NotifyConnectionLost(reason);
            }
            finally
            {
                OnLost?.Invoke(reason);
            }
        }
    }

    private static ConnectionLostException Lost(SocketError error) =>
        new($"Connection lost: {error}.", new SocketException((int)error));
}
