using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Defer;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Datagram;

/// <summary>
/// A UDP socket on the reactor (Twisted's <c>udp.Port</c> and <c>MulticastPort</c>): reads every
/// datagram to its protocol and sends what the protocol writes. Made by <see cref="UdpExtensions"/>;
/// reactor thread only, except the counters.
/// </summary>
/// <remarks>
/// With the Epoll backend the socket is driven by raw calls on its descriptor (see
/// <see cref="DatagramBatch"/>): one recvmmsg takes up to 32 datagrams, and what the protocol writes
/// while they are handled leaves in one sendmmsg after them. With the Select backend (every other
/// system) it is a .NET socket read a datagram at a time. Either way a wake-up reads at most
/// <see cref="MaxDatagramsPerRead"/> datagrams, so a flood cannot starve timers or other descriptors,
/// and nothing a peer sends (empty, huge, endless) or a callback throws ends the port.
/// </remarks>
internal sealed partial class UdpPort : IMulticastTransport, IReadDescriptor, IWriteDescriptor
{
    /// <summary>The most datagrams one wake-up reads before the reactor turns to other work.</summary>
    public const int MaxDatagramsPerRead = 256;

    private readonly Reactor _reactor;
    private readonly DatagramProtocol _protocol;
    private readonly Socket _socket;
    private readonly nint _fd;
    private readonly bool _raw;
    private readonly IPEndPoint _host;
    private readonly bool _dualMode;
    private readonly EndPointCache _senders = new();
    private readonly ReportThrottle _receiveReports = new(), _sendReports = new(), _callbackReports = new();
    private IPEndPoint? _peer;
    private SendQueue? _queue;
    private Deferred? _stopped;
    private bool _writing;
    private bool _batching;
    private string _outgoingInterface = "";

    private UdpPort(Reactor reactor, DatagramProtocol protocol, Socket socket)
    {
        _reactor = reactor;
        _protocol = protocol;
        _socket = socket;
        _fd = socket.Handle;
        _raw = TcpSocket.IsRawFor(reactor);
        _host = (IPEndPoint)socket.LocalEndPoint!;
        _dualMode = socket.AddressFamily == AddressFamily.InterNetworkV6 && socket.DualMode;
        MaxDatagramSize = socket.AddressFamily == AddressFamily.InterNetwork ? 65_507 : 65_527;
        if (_raw) _batch = DatagramBatch.For(reactor);
        else _managedBuffer = new byte[DatagramBatch.SlotSize];
    }

    /// <inheritdoc />
    public string Host => _host.Address.ToString();

    /// <inheritdoc />
    public int Port => _host.Port;

    /// <inheritdoc />
    public bool IsListening => _stopped is null;

    /// <inheritdoc />
    public UdpPortStats Stats { get; } = new();

    /// <inheritdoc />
    public int MaxDatagramSize { get; }

    /// <summary>The protocol on this port.</summary>
    public DatagramProtocol Protocol => _protocol;

    nint IFileDescriptor.Fileno => _fd;

    Socket? IFileDescriptor.Socket => _socket;

    /// <inheritdoc />
    public string LogPrefix => $"UdpPort({_host})";

    /// <inheritdoc />
    public IPEndPoint GetHost() => _host;

    /// <inheritdoc />
    public IPEndPoint? GetPeer() => _peer;

    // Binds a socket (to bind, when given), connects it (to connectTo, when given), starts reading and
    // hands the port to the protocol. listenMultiple: SO_REUSEADDR (and SO_REUSEPORT on Linux), so several
    // sockets share the port, each hearing every multicast datagram. asked: the interface as the caller wrote it.
    // multicast: the socket hears only the groups it joined itself (Linux otherwise delivers to it every
    // group any socket of the host joined, IP_MULTICAST_ALL), as on other systems.
    internal static UdpPort Open(Reactor reactor, IPEndPoint? bind, DatagramProtocol protocol, string asked,
        bool listenMultiple, IPEndPoint? connectTo = null, bool multicast = false)
    {
        var family = (bind ?? connectTo)!.AddressFamily;
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (listenMultiple && OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption(SocketNative.SOL_SOCKET, SocketNative.SO_REUSEADDR, BitConverter.GetBytes(1));
                socket.SetRawSocketOption(SocketNative.SOL_SOCKET, SocketNative.SO_REUSEPORT, BitConverter.GetBytes(1));
            }
            else if (listenMultiple) socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            // Datagrams the kernel drops for want of buffer are counted on every read (Linux).
            if (OperatingSystem.IsLinux())
                socket.SetRawSocketOption(SocketNative.SOL_SOCKET, SocketNative.SO_RXQ_OVFL, BitConverter.GetBytes(1));
            if (multicast && OperatingSystem.IsLinux()) HearOwnGroupsOnly(socket);
            if (bind is not null) socket.Bind(bind);
            if (connectTo is not null) socket.Connect(connectTo);
            socket.Blocking = false;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            if (bind is null) throw new ArgumentException($"Couldn't connect a UDP socket to {connectTo}: {e.Message} ({e.SocketErrorCode}).", nameof(connectTo), e);
            throw new CannotListenError(asked, bind.Port, e);
        }
        var port = new UdpPort(reactor, protocol, socket) { _peer = connectTo is null ? null : (IPEndPoint)socket.RemoteEndPoint! };
        try
        {
            reactor.AddReader(port);
            protocol.MakeConnection(port);
        }
        catch
        {
            reactor.RemoveReader(port); // no-op if AddReader failed
            port._stopped = new Deferred();
            socket.Dispose();
            throw;
        }
        return port;
    }

    private static void HearOwnGroupsOnly(Socket socket)
    {
        const int IPPROTO_IP = 0, IP_MULTICAST_ALL = 49, IPPROTO_IPV6 = 41, IPV6_MULTICAST_ALL = 29;
        var off = BitConverter.GetBytes(0);
        if (socket.AddressFamily == AddressFamily.InterNetwork) socket.SetRawSocketOption(IPPROTO_IP, IP_MULTICAST_ALL, off);
        else
        {
            try { socket.SetRawSocketOption(IPPROTO_IPV6, IPV6_MULTICAST_ALL, off); }
            catch (SocketException) { /* before Linux 4.20: IPv6 sockets hear every group joined on the host */ }
        }
    }

    /// <inheritdoc />
    public void Write(byte[] data, IPEndPoint? to = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        Write(data.AsSpan(), to);
    }

    /// <inheritdoc />
    public void Write(ReadOnlySpan<byte> data, IPEndPoint? to)
    {
        if (data.Length > MaxDatagramSize) throw new MessageLengthError(data.Length, MaxDatagramSize);
        var target = Target(to);
        if (_stopped is not null) return;
        if (_queue is { Count: > 0 })
        {
            Enqueue(data, target);
            return;
        }
        if (!_raw) SendManaged(data, target);
        else if (_batching) Batch(data, target);
        else SendRaw(data, target);
    }

    /// <inheritdoc />
    public void Connect(string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        if (_stopped is not null) throw new InvalidOperationException("The port is closed.");
        if (_peer is not null) throw new InvalidOperationException($"The port is already connected to {_peer}; a port connects once.");
        var peer = new IPEndPoint(UdpExtensions.ParseHost(host, _socket.AddressFamily, nameof(host)), port);
        FlushBatch(); // what was written before goes to where it was addressed
        _socket.Connect(peer);
        _peer = (IPEndPoint)_socket.RemoteEndPoint!;
    }

    /// <inheritdoc />
    public bool BroadcastAllowed
    {
        get => _socket.EnableBroadcast;
        set => _socket.EnableBroadcast = value;
    }

    /// <inheritdoc />
    public int ReceiveBufferSize
    {
        get => _socket.ReceiveBufferSize;
        set => _socket.ReceiveBufferSize = value;
    }

    /// <inheritdoc />
    public Deferred StopListening()
    {
        if (_stopped is not null)
        {
            var again = new Deferred();
            again.Callback(null);
            return again;
        }
        var done = Close();
        _reactor.CallLater(0, () =>
        {
            try
            {
                _protocol.NotifyStopped();
            }
            finally
            {
                done.Callback(null);
            }
        });
        return done;
    }

    /// <summary>The reactor dropped the port (shutdown, or a read that failed for good): close it.</summary>
    public void ConnectionLost(Exception reason)
    {
        if (_stopped is not null) return;
        var done = Close();
        try
        {
            _protocol.NotifyStopped();
        }
        finally
        {
            done.Callback(null);
        }
    }

    /// <inheritdoc />
    public Exception? DoRead() => _raw ? ReadRaw() : ReadManaged();

    /// <summary>The socket can take datagrams again: send what waited.</summary>
    public Exception? DoWrite()
    {
        var queue = _queue;
        while (queue is { Count: > 0 } && _stopped is null)
        {
            var (data, to) = queue.Peek();
            if (!(_raw ? TrySendRawOnce(data, to) : TrySendManagedOnce(data, to))) break; // EAGAIN: wait again
            queue.Pop();
        }
        if (queue is not null) Stats.SetQueued(queue.Count);
        if (queue is null || queue.Count == 0) StopWriting();
        return null;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"UdpPort({_host}{(_peer is null ? "" : " -> " + _peer)}, {(IsListening ? "open" : "closed")})";

    private Deferred Close()
    {
        if (_batching) FlushBatch();
        var done = _stopped = new Deferred();
        _reactor.RemoveReader(this);
        StopWriting();
        if (_queue is { } queue) Stats.SendDropped(queue.Clear());
        Stats.SetQueued(0);
        _socket.Dispose();
        return done;
    }

    // Where a datagram goes: null is the connected peer.
    private IPEndPoint? Target(IPEndPoint? to)
    {
        if (_peer is not null)
        {
            if (to is null || to.Equals(_peer)) return null;
            if (_dualMode && to.AddressFamily == AddressFamily.InterNetwork && new IPEndPoint(to.Address.MapToIPv6(), to.Port).Equals(_peer)) return null;
            throw new ArgumentException($"The port is connected to {_peer}; it cannot write to {to}.", nameof(to));
        }
        if (to is null) throw new InvalidOperationException("The port is not connected: say where the datagram goes.");
        if (to.AddressFamily == _socket.AddressFamily) return to;
        if (_dualMode && to.AddressFamily == AddressFamily.InterNetwork) return new IPEndPoint(to.Address.MapToIPv6(), to.Port);
        throw new ArgumentException($"{to} is not an {(_socket.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address, as the port is.", nameof(to));
    }

    private void Enqueue(ReadOnlySpan<byte> data, IPEndPoint? to)
    {
        _queue ??= new SendQueue();
        if (!_queue.TryAdd(data, to)) Stats.SendDropped(1);
        Stats.SetQueued(_queue.Count);
        if (!_writing)
        {
            _writing = true;
            _reactor.AddWriter(this);
        }
    }

    private void StopWriting()
    {
        if (!_writing) return;
        _writing = false;
        _reactor.RemoveWriter(this);
    }

    // A protocol callback; what it throws is counted and reported (throttled), and the port goes on.
    private void Deliver(ReadOnlySpan<byte> data, IPEndPoint from)
    {
        Stats.Received(data.Length);
        try
        {
            _protocol.DatagramReceived(data, from);
        }
        catch (Exception ex)
        {
            Stats.CallbackError();
            Report(_callbackReports, ".DatagramReceived", ex);
        }
    }

    private void Refused()
    {
        Stats.Refused();
        try
        {
            _protocol.ConnectionRefused();
        }
        catch (Exception ex)
        {
            Stats.CallbackError();
            Report(_callbackReports, ".ConnectionRefused", ex);
        }
    }

    private void ReceiveFailed(SocketError error)
    {
        Stats.ReceiveError();
        Report(_receiveReports, ".Read", new SocketException((int)error));
    }

    private void SendFailed(SocketError error, IPEndPoint? to)
    {
        Stats.SendError();
        Report(_sendReports, ".Write", new SocketException((int)error), to ?? _peer);
    }

    private void Report(ReportThrottle throttle, string what, Exception ex, IPEndPoint? to = null)
    {
        if (!throttle.ShouldReport(_reactor.Seconds(), out long suppressed)) return;
        string origin = LogPrefix + what + (to is null ? "" : " to " + to) + (suppressed > 0 ? $" ({suppressed:N0} more since the last report)" : "");
        _reactor.ReportError(origin, ex);
    }
}
