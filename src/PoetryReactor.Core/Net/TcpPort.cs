using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Defer;

namespace PoetryReactor.Core.Net;

/// <summary>
/// A listening socket on the reactor: accepts connections and starts a protocol on each
/// (Twisted's <c>tcp.Port</c>). Made by <see cref="TcpExtensions.ListenTcp"/>; reactor thread only.
/// </summary>
internal sealed class TcpPort : IListeningPort, IReadDescriptor
{
    /// <summary>The most connections accepted per wake-up, so a flood cannot starve other descriptors.</summary>
    public const int MaxAcceptsPerWake = 64;

    private readonly Reactor _reactor;
    private readonly ServerFactory _factory;
    private readonly Socket _socket;
    private readonly IPEndPoint _endPoint;
    private readonly nint _fd;
    private Deferred? _stopped;

    private TcpPort(Reactor reactor, ServerFactory factory, Socket socket)
    {
        _reactor = reactor;
        _factory = factory;
        _socket = socket;
        _endPoint = (IPEndPoint)socket.LocalEndPoint!;
        _fd = socket.Handle;
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

    /// <inheritdoc />
    public string LogPrefix => $"TcpPort({_endPoint})";

    /// <inheritdoc />
    public IPEndPoint GetHost() => _endPoint;

    internal static TcpPort Listen(Reactor reactor, IPAddress address, int port, ServerFactory factory, int backlog, string asked)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            SetReuseAddress(socket);
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(backlog);
            socket.Blocking = false;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new CannotListenError(asked, port, e);
        }
        var listening = new TcpPort(reactor, factory, socket);
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

    /// <summary>Accepts what is pending, up to <see cref="MaxAcceptsPerWake"/>; never ends the port.</summary>
    public Exception? DoRead()
    {
        for (int i = 0; i < MaxAcceptsPerWake; i++)
        {
            // The wake-up promises one connection; later ones are checked first, so an empty queue
            // is found without an exception.
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
                // E.g. out of file descriptors: report, and try again on the next wake-up.
                _reactor.ReportError(LogPrefix + ".Accept", e);
                break;
            }
            Accepted++;
            Serve(client);
        }
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

    private void Serve(Socket client)
    {
        EndPoint peer = client.RemoteEndPoint!;
        Protocol? protocol;
        try
        {
            protocol = _factory.BuildProtocol(peer);
        }
        catch (Exception ex)
        {
            _reactor.ReportError(_factory.GetType().Name + ".BuildProtocol", ex);
            protocol = null;
        }
        if (protocol is null)
        {
            client.Dispose();
            return;
        }
        // Bound to one address, every connection's local address is known without a syscall.
        EndPoint? host = _endPoint.Address.Equals(IPAddress.Any) || _endPoint.Address.Equals(IPAddress.IPv6Any) ? null : _endPoint;
        new TcpConnection(_reactor, client, peer, host).Start(protocol);
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
}
