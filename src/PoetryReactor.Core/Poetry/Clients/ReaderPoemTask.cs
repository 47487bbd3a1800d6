using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Poetry.Clients;

/// <summary>One server's poem read by a descriptor of its own.</summary>
internal sealed class ReaderPoemTask : ReactorPoemTask, IReadDescriptor, IConnectSink, IClosesHandleWhenLost
{
    private readonly byte[] _buffer;
    private TcpConnectAttempt? _connect;
    private TcpSocket? _socket;
    private nint _fd = -1;

    public ReaderPoemTask(Reactor reactor, PoetryFetch fetch, int index)
        : base(reactor, fetch.NewBuilder(index), fetch.Options, fetch.ChunkReporter)
    {
        _buffer = ReceiveBuffers.For(reactor);
    }

    public nint Fileno => _fd;

    public Socket? Socket => _socket?.Managed;

    public string LogPrefix => $"ReaderPoemTask({Target})";

    public override void Start()
    {
        _connect = new TcpConnectAttempt(Reactor, Builder.Address.Host, Builder.Address.Port, Timeout, this);
        _connect.Start();
    }

    /// <summary>Reads what is there: data, end of poem, or nothing yet.</summary>
    public Exception? DoRead()
    {
        var buffer = _buffer.AsSpan(0, Math.Min(_buffer.Length, ReceiveBufferSize));
        int n = _socket!.Value.Receive(buffer, out SocketError error);
        if (error == SocketError.WouldBlock) return null;
        if (error != SocketError.Success) return new ConnectionLostException($"Connection lost: {error}.", new SocketException((int)error));
        if (n == 0) return new ConnectionDoneException();
        return Append(buffer[..n]) ? null : Builder.TooLargeError();
    }

    /// <summary>The reactor stopped watching the socket (end of poem, error, shutdown).</summary>
    public void ConnectionLost(Exception reason)
    {
        Close();
        Finish(reason);
    }

    void IConnectSink.Connected(TcpSocket socket, IPEndPoint peer)
    {
        _connect = null;
        if (Ended)
        {
            socket.Close();
            return;
        }
        _socket = socket;
        _fd = socket.Fileno;
        Reactor.AddReader(this);
        WatchIdle();
    }

    void IConnectSink.ConnectFailed(Exception reason)
    {
        _connect = null;
        Finish(reason);
    }

    protected override void Close()
    {
        _connect?.Cancel(new UserError());
        if (_socket is { } socket)
        {
            Reactor.RemoveReader(this);
            socket.Close();
            _socket = null;
        }
    }
}
