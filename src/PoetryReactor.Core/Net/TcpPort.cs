using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using PoetryReactor.Core.Defer;

namespace PoetryReactor.Core.Net;

/// <summary>
/// A listening socket on the reactor: accepts connections and starts a protocol on each
/// (Twisted's <c>tcp.Port</c>). Made by <see cref="TcpExtensions.ListenTcp"/>; reactor thread only.
/// </summary>
internal sealed unsafe class TcpPort : IListeningPort, IReadDescriptor
{
    /// <summary>The fewest connections a wake-up may accept (the budget a port starts with).</summary>
    public const int MinAcceptsPerWake = 256;

    /// <summary>
    /// The most connections accepted per wake-up, so a flood cannot starve timers and other descriptors.
    /// The budget doubles from <see cref="MinAcceptsPerWake"/> while wake-ups find the queue still full
    /// (a burst of 10,000 drains in about six) and halves back once they empty it easily.
    /// </summary>
    public const int MaxAcceptsPerWake = 16384;

    private readonly Reactor _reactor;
    private readonly ServerFactory _factory;
    private readonly Socket _socket;
    private readonly IPEndPoint _endPoint;
    private readonly nint _fd;
    private readonly bool _raw;
    private int _acceptBudget = MinAcceptsPerWake;
    private Deferred? _stopped;
    private IReadOnlyList<(Reactor Reactor, ServerFactory Factory)>? _handOff;
    private int _nextWorker;

    private TcpPort(Reactor reactor, ServerFactory factory, Socket socket)
    {
        _reactor = reactor;
        _factory = factory;
        _socket = socket;
        _endPoint = (IPEndPoint)socket.LocalEndPoint!;
        _fd = socket.Handle;
        _raw = TcpSocket.IsRawFor(reactor);
    }

    /// <inheritdoc />
    public string Host => _endPoint.Address.ToString();

    /// <inheritdoc />
    public int Port => _endPoint.Port;

    /// <summary>The factory that builds a protocol per connection.</summary>
    public ServerFactory Factory => _factory;

    /// <summary>Connections accepted so far (including ones the factory refused).</summary>
    public long Accepted { get; private set; }

    /// <summary>True until <see cref="StopListening"/> (or reactor shutdown) closed the socket.</summary>
    public bool IsListening => _stopped is null;

    nint IFileDescriptor.Fileno => _fd;

    Socket? IFileDescriptor.Socket => _socket;

    /// <summary>How many connections the next wake-up may accept (adapts to bursts).</summary>
    public int AcceptBudget => _acceptBudget;

    /// <inheritdoc />
    public string LogPrefix => $"TcpPort({_endPoint})";

    /// <inheritdoc />
    public IPEndPoint GetHost() => _endPoint;

    // reusePort: join the port's SO_REUSEPORT group (the kernel spreads connections over its sockets).
    // handOff: hand each connection to these reactors in turn, each building it with its own factory.
    internal static TcpPort Listen(Reactor reactor, IPAddress address, int port, ServerFactory factory, int backlog, string asked,
        bool reusePort = false, IReadOnlyList<(Reactor Reactor, ServerFactory Factory)>? handOff = null)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            SetReuseAddress(socket);
            if (reusePort) SetReusePort(socket);
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(backlog);
            socket.Blocking = false;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new CannotListenError(asked, port, e);
        }
        var listening = new TcpPort(reactor, factory, socket) { _handOff = handOff };
        try
        {
            reactor.AddReader(listening);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        factory.DoStart();
        return listening;
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
        var done = _stopped = new Deferred();
        _reactor.RemoveReader(this);
        _socket.Dispose();
        _reactor.CallLater(0, () =>
        {
            _factory.DoStop();
            done.Callback(null);
        });
        return done;
    }

    /// <summary>Accepts until the queue is empty or the budget is spent; never ends the port.</summary>
    public Exception? DoRead()
    {
        int budget = _acceptBudget;
        int accepted = _raw ? AcceptRaw(budget) : AcceptManaged(budget);
        if (accepted >= budget) _acceptBudget = Math.Min(budget * 2, MaxAcceptsPerWake);
        else if (accepted < budget / 4) _acceptBudget = Math.Max(budget / 2, MinAcceptsPerWake);
        return null;
    }

    /// <summary>The reactor dropped the port (shutdown): close it.</summary>
    public void ConnectionLost(Exception reason)
    {
        if (_stopped is not null) return;
        _stopped = new Deferred();
        _socket.Dispose();
        _factory.DoStop();
        _stopped.Callback(null);
    }

    /// <inheritdoc />
    public override string ToString() => $"TcpPort({_endPoint}, {(IsListening ? "listening" : "stopped")})";

    // accept4 until EAGAIN, as a C server does: no poll and no exception per connection.
    private int AcceptRaw(int budget)
    {
        byte* addr = stackalloc byte[SocketNative.SockAddrSize];
        int accepted = 0;
        while (accepted < budget)
        {
            int len = SocketNative.SockAddrSize;
            int fd = SocketNative.accept4((int)_fd, addr, &len, SocketNative.SOCK_NONBLOCK | SocketNative.SOCK_CLOEXEC);
            if (fd < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EAGAIN) break;
                // Gone before we got to it, or interrupted: try the next one.
                if (errno is Errno.ECONNABORTED or Errno.EINTR or Errno.EPROTO) continue;
                // E.g. out of file descriptors: report, and try again on the next wake-up.
                _reactor.ReportError(LogPrefix + ".Accept", new SocketException((int)Errno.ToSocketError(errno)));
                break;
            }
            accepted++;
            Accepted++;
            Serve(TcpSocket.FromDescriptor(fd), SockAddr.Read(addr) ?? (EndPoint)_endPoint);
        }
        return accepted;
    }

    // .NET's Accept throws at an empty queue, so each further accept is guarded by a zero poll.
    private int AcceptManaged(int budget)
    {
        int accepted = 0;
        for (int i = 0; i < budget; i++)
        {
            if (i > 0 && !_socket.Poll(0, SelectMode.SelectRead)) break;
            Socket client;
            try
            {
                client = _socket.Accept();
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.ConnectionAborted
                                              or SocketError.ConnectionReset)
            {
                // Gone before we got to it, or already taken: nothing to do.
                continue;
            }
            catch (SocketException e)
            {
                _reactor.ReportError(LogPrefix + ".Accept", e);
                break;
            }
            accepted++;
            Accepted++;
            Serve(TcpSocket.FromSocket(client), client.RemoteEndPoint!);
        }
        return accepted;
    }

    private void Serve(TcpSocket client, EndPoint peer)
    {
        // Bound to one address, every connection's local address is known without a syscall.
        EndPoint? host = _endPoint.Address.Equals(IPAddress.Any) || _endPoint.Address.Equals(IPAddress.IPv6Any) ? null : _endPoint;
        if (_handOff is null)
        {
            Start(_reactor, _factory, client, peer, host);
            return;
        }
        var (worker, factory) = _handOff[_nextWorker];
        _nextWorker = (_nextWorker + 1) % _handOff.Count;
        if (worker == _reactor)
        {
            Start(worker, factory, client, peer, host);
            return;
        }
        try
        {
            // From here the connection is the worker's: built, read and closed on its thread alone.
            worker.CallFromThread(() => Start(worker, factory, client, peer, host));
        }
        catch (ReactorNotRunningException)
        {
            client.Close();
        }
    }

    // Builds the connection's protocol on the reactor that will own it; a refusal closes the socket.
    private static void Start(Reactor reactor, ServerFactory factory, TcpSocket client, EndPoint peer, EndPoint? host)
    {
        Protocol? protocol;
        try
        {
            protocol = factory.BuildProtocol(peer);
        }
        catch (Exception ex)
        {
            reactor.ReportError(factory.GetType().Name + ".BuildProtocol", ex);
            protocol = null;
        }
        if (protocol is null)
        {
            client.Close();
            return;
        }
        new TcpConnection(reactor, client, peer, host).Start(protocol);
    }

    // SO_REUSEADDR alone (as Twisted does), so a port with connections in TIME_WAIT can be bound
    // again at once. .NET's ReuseAddress option would also set SO_REUSEPORT on Linux, letting two
    // listeners share a port and hiding "address in use".
    private static void SetReuseAddress(Socket socket)
    {
        if (!OperatingSystem.IsLinux()) return;
        const int SOL_SOCKET = 1, SO_REUSEADDR = 2;
        socket.SetRawSocketOption(SOL_SOCKET, SO_REUSEADDR, BitConverter.GetBytes(1));
    }

    // Only Linux balances a SO_REUSEPORT group's connections over its sockets; elsewhere the option
    // shares a port without spreading the load, so it is refused there.
    private static void SetReusePort(Socket socket)
    {
        if (!TcpExtensions.ReusePortBalances)
            throw new PlatformNotSupportedException("SO_REUSEPORT spreads connections over sockets only on Linux; hand connections off instead (ListenTcpRoundRobin).");
        const int SOL_SOCKET = 1, SO_REUSEPORT = 15;
        socket.SetRawSocketOption(SOL_SOCKET, SO_REUSEPORT, BitConverter.GetBytes(1));
    }
}
