using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Net;

/// <summary>
/// One non-blocking connect on the reactor: resolves the host off the reactor thread, tries each
/// address in turn, detects completion by writability and SO_ERROR, and gives up after the
/// timeout. Shared by the connector and by clients that read the socket themselves. With the Epoll
/// backend the socket is a raw descriptor: refused and unreachable addresses come back as errno
/// values, not exceptions (the Select backend's .NET sockets throw once per attempt).
/// </summary>
internal sealed class TcpConnectAttempt : IWriteDescriptor
{
    private readonly Reactor _reactor;
    private readonly string _host;
    private readonly int _port;
    private readonly TimeSpan _timeout;
    private readonly IConnectSink _sink;
    private CancellationTokenSource? _lookup;
    private DelayedCall? _timer;
    private IPAddress[] _candidates = [];
    private int _next;
    private TcpSocket? _socket;
    private IPEndPoint? _target;
    private nint _fd = -1;
    private SocketError _lastError = SocketError.HostNotFound;
    private bool _done;

    public TcpConnectAttempt(Reactor reactor, string host, int port, TimeSpan timeout, IConnectSink sink)
    {
        _reactor = reactor;
        _host = host;
        _port = port;
        _timeout = timeout;
        _sink = sink;
    }

    public nint Fileno => _fd;

    public Socket? Socket => _socket?.Managed;

    public string LogPrefix => $"TcpConnect({_host}:{_port})";

    public EndPoint Destination => DestinationOf(_host, _port);

    /// <summary>An <see cref="IPEndPoint"/> for an IP literal, else a <see cref="DnsEndPoint"/>.</summary>
    public static EndPoint DestinationOf(string host, int port) =>
        IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port);

    /// <summary>Starts the timer and the lookup (or the connect, for an IP literal).</summary>
    public void Start()
    {
        if (_timeout != Timeout.InfiniteTimeSpan)
            _timer = _reactor.CallLater(_timeout, () => Fail(new TimeoutError($"Connecting to {Destination} timed out after {_timeout.TotalSeconds:0.###} s.")));
        if (IPAddress.TryParse(_host, out var literal))
        {
            _candidates = [literal];
            ConnectNext();
            return;
        }
        _lookup = new CancellationTokenSource();
        Dns.GetHostAddressesAsync(_host, _lookup.Token).ContinueWith(
            static (task, state) =>
            {
                var self = (TcpConnectAttempt)state!;
                try
                {
                    self._reactor.CallFromThread(() => self.Resolved(task));
                }
                catch (ReactorNotRunningException)
                {
                    // The reactor is gone, and with it everything this attempt could report to.
                }
            },
            this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Gives up with <paramref name="reason"/> unless already done.</summary>
    public void Cancel(Exception reason) => Fail(reason);

    /// <summary>The connect finished: read SO_ERROR to learn how.</summary>
    public Exception? DoWrite()
    {
        var socket = _socket!.Value;
        var error = socket.PendingError();
        if (error == SocketError.Success)
        {
            _socket = null;
            // The connection's reader takes over the registration: one epoll_ctl MOD.
            _reactor.HandOverWriter(this, (self: this, socket), static s => s.self.Succeed(s.socket));
        }
        else
        {
            _reactor.RemoveWriter(this);
            _lastError = error;
            DropSocket();
            ConnectNext();
        }
        return null;
    }

    /// <summary>The reactor dropped the attempt (shutdown or a dead handle).</summary>
    public void ConnectionLost(Exception reason) => Fail(reason);

    private void Resolved(Task<IPAddress[]> lookup)
    {
        if (_done) return;
        if (!lookup.IsCompletedSuccessfully)
        {
            var inner = lookup.Exception?.InnerException;
            Fail(new DnsLookupError(_host, $"The name '{_host}' did not resolve: {inner?.Message ?? "cancelled"}.", inner));
            return;
        }
        _candidates = Array.FindAll(lookup.Result, a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6);
        if (_candidates.Length == 0)
        {
            Fail(new DnsLookupError(_host, $"The name '{_host}' has no IP address."));
            return;
        }
        ConnectNext();
    }

    private void ConnectNext()
    {
        bool raw = TcpSocket.IsRawFor(_reactor);
        while (_next < _candidates.Length)
        {
            _target = new IPEndPoint(_candidates[_next++], _port);
            var error = TcpSocket.Connect(_target, raw, out var socket);
            if (error == SocketError.InProgress && raw)
            {
                error = socket.PollConnect(_target);
                if (error is not (SocketError.Success or SocketError.InProgress)) socket.Close();
            }
            if (error == SocketError.Success)
            {
                Succeed(socket);
                return;
            }
            if (error is SocketError.InProgress or SocketError.WouldBlock)
            {
                _socket = socket;
                _fd = socket.Fileno;
                _reactor.AddWriter(this);
                return;
            }
            _lastError = error;
        }
        Fail(ConnectError.FromSocketError(_lastError, _target ?? Destination));
    }

    private void Succeed(TcpSocket socket)
    {
        Finish();
        _sink.Connected(socket, _target!);
    }

    private void Fail(Exception reason)
    {
        if (_done) return;
        Finish();
        _reactor.RemoveWriter(this);
        DropSocket();
        _sink.ConnectFailed(reason);
    }

    private void Finish()
    {
        _done = true;
        if (_timer is { IsActive: true }) _timer.Cancel();
        _lookup?.Cancel();
        _lookup?.Dispose();
        _lookup = null;
    }

    private void DropSocket()
    {
        _socket?.Close();
        _socket = null;
    }
}
