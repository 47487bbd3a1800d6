using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core;

/// <summary>
/// Readiness from <see cref="Socket.Select(System.Collections.IList?, System.Collections.IList?, System.Collections.IList?, int)"/>,
/// the loop of the tutorial's async client. The waker is a UDP socket on 127.0.0.1 connected to
/// itself; it is always in the read list, so Select never sees empty lists and a pure-timer wait
/// is a wait on the waker alone. Readers are in the error list too: .NET's Select on Unix (poll)
/// leaves a socket with only an error pending (POLLERR: an ICMP error on a connected UDP socket) out
/// of the read list, and the wait would return at once, again and again, reporting nothing.
/// </summary>
internal sealed class SelectBackend : IReactorBackend
{
    private readonly Socket _waker;
    private readonly List<Registration> _registrations = new();
    private readonly Dictionary<Socket, Registration> _bySocket = new(ReferenceEqualityComparer.Instance);
    private readonly List<Socket> _readList = new();
    private readonly List<Socket> _writeList = new();
    private readonly List<Socket> _errorList = new();
    private readonly HashSet<Socket> _writable = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Socket> _errored = new(ReferenceEqualityComparer.Instance);
    private readonly byte[] _wakeByte = new byte[1];
    private readonly byte[] _drainBuffer = new byte[64];
    private int _wakePending;

    public SelectBackend()
    {
        _waker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _waker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _waker.Connect(_waker.LocalEndPoint!);
        _waker.Blocking = false;
    }

    public ReactorBackendKind Kind => ReactorBackendKind.Select;

    public void Add(Registration reg)
    {
        var own = reg.Any?.Socket;
        // A descriptor with only a handle gets a non-owning wrapper, made once.
        reg.SelectSocket = own ?? new Socket(new SafeSocketHandle(reg.Fd, ownsHandle: false));
        reg.OwnsSelectSocket = own is null;
        _registrations.Add(reg);
        _bySocket[reg.SelectSocket] = reg;
    }

    public void Modify(Registration reg) { } // interest is read from the registration at each wait

    public void Forget(Registration reg) => Remove(reg);

    public void Remove(Registration reg)
    {
        _registrations.Remove(reg);
        if (reg.SelectSocket is { } socket)
        {
            _bySocket.Remove(socket);
            if (reg.OwnsSelectSocket) socket.Dispose(); // does not close the handle it wraps
        }
        reg.SelectSocket = null;
    }

    public int Wait(int timeoutMs, IReadinessSink sink)
    {
        _readList.Clear();
        _writeList.Clear();
        _errorList.Clear();
        _readList.Add(_waker);
        foreach (var reg in _registrations)
        {
            if (reg.Reader is not null)
            {
                _readList.Add(reg.SelectSocket!);
                _errorList.Add(reg.SelectSocket!);
            }
            if (reg.Writer is not null) _writeList.Add(reg.SelectSocket!);
        }
        int micros = timeoutMs < 0 ? -1 : (int)Math.Min((long)timeoutMs * 1000, int.MaxValue);
        try
        {
            Socket.Select(_readList, _writeList.Count > 0 ? _writeList : null, _errorList.Count > 0 ? _errorList : null, micros);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
        {
            int bad = Preen(sink);
            if (bad == 0) throw;
            return bad;
        }

        _writable.Clear();
        foreach (var s in _writeList) _writable.Add(s);
        _errored.Clear();
        foreach (var s in _errorList) _errored.Add(s);
        int reported = 0;
        foreach (var s in _readList)
        {
            if (ReferenceEquals(s, _waker))
            {
                DrainWaker();
                continue;
            }
            _errored.Remove(s);
            if (!_bySocket.TryGetValue(s, out var reg) || reg.Removed) continue;
            sink.Ready(reg, readable: true, writable: _writable.Remove(s));
            reported++;
        }
        // An error alone: the reader hears it as readability (its read returns the error).
        foreach (var s in _errored)
        {
            if (!_bySocket.TryGetValue(s, out var reg) || reg.Removed) continue;
            sink.Ready(reg, readable: true, writable: _writable.Remove(s));
            reported++;
        }
        foreach (var s in _writable)
        {
            if (!_bySocket.TryGetValue(s, out var reg) || reg.Removed) continue;
            sink.Ready(reg, readable: false, writable: true);
            reported++;
        }
        return reported;
    }

    public void Wake()
    {
        if (Interlocked.Exchange(ref _wakePending, 1) != 0) return;
        try
        {
            _waker.Send(_wakeByte);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // A full buffer means a wake is already pending; a disposed waker means the reactor is gone.
        }
    }

    public void Dispose()
    {
        foreach (var reg in _registrations)
            if (reg.OwnsSelectSocket) reg.SelectSocket?.Dispose();
        _registrations.Clear();
        _bySocket.Clear();
        _waker.Dispose();
    }

    private void DrainWaker()
    {
        Volatile.Write(ref _wakePending, 0);
        try
        {
            while (_waker.Available > 0) _waker.Receive(_drainBuffer);
        }
        catch (SocketException)
        {
        }
    }

    /// <summary>Select failed on a handle closed behind the reactor's back: find and report the bad ones.</summary>
    private int Preen(IReadinessSink sink)
    {
        int reported = 0;
        foreach (var reg in _registrations.ToArray())
        {
            try
            {
                reg.SelectSocket!.Poll(0, SelectMode.SelectRead);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
                sink.Invalid(reg, ex);
                reported++;
            }
        }
        return reported;
    }
}
