using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PoetryReactor.Core.Net;

/// <summary>
/// A TCP socket as the reactor's transports use it: a raw descriptor driven by libc calls, or a
/// .NET <see cref="System.Net.Sockets.Socket"/>. Raw descriptors cost only the syscalls a C server
/// makes (no fcntl, getsockopt or poll per connection); they are used with the Epoll backend, which
/// exists only on Linux. Fallback: the Select backend, and so every other platform, keeps .NET
/// sockets, because Socket.Select needs a Socket per handle.
/// </summary>
internal readonly unsafe struct TcpSocket
{
    private readonly Socket? _managed;
    private readonly nint _fd;

    private TcpSocket(Socket? managed, nint fd)
    {
        _managed = managed;
        _fd = fd;
    }

    /// <summary>True when this reactor's sockets are raw descriptors (the Epoll backend).</summary>
    public static bool IsRawFor(Reactor reactor) => reactor.Backend == ReactorBackendKind.Epoll;

    public static TcpSocket FromDescriptor(int fd)
    {
        DescriptorTable.Observe(fd);
        return new(null, fd);
    }

    public static TcpSocket FromSocket(Socket socket) => new(socket, socket.Handle);

    /// <summary>The OS handle; stays readable after <see cref="Close"/>.</summary>
    public nint Fileno => _fd;

    /// <summary>The .NET socket, or null for a raw descriptor.</summary>
    public Socket? Managed => _managed;


    /// <summary>
    /// Starts a non-blocking connect. Success: connected at once. InProgress/WouldBlock: wait for
    /// writability, then read <see cref="PendingError"/>. Anything else: failed, nothing left open.
    /// </summary>
    public static SocketError Connect(IPEndPoint target, bool raw, out TcpSocket socket)
    {
        socket = default;
        if (raw)
        {
            int family = target.AddressFamily == AddressFamily.InterNetwork ? SocketNative.AF_INET : SocketNative.AF_INET6;
            int fd = SocketNative.socket(family, SocketNative.SOCK_STREAM | SocketNative.SOCK_NONBLOCK | SocketNative.SOCK_CLOEXEC, 0);
            if (fd < 0) return LastError();
            byte* addr = stackalloc byte[SocketNative.SockAddrSize];
            int len = SockAddr.Write(target, addr);
            if (SocketNative.connect(fd, addr, len) == 0)
            {
                socket = FromDescriptor(fd);
                return SocketError.Success;
            }
            var error = LastError();
            if (error == SocketError.InProgress) socket = FromDescriptor(fd);
            else SocketNative.close(fd);
            return error;
        }
        var managed = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
        try
        {
            // .NET has no non-throwing non-blocking connect: one exception per attempt on this path.
            managed.Connect(target);
            socket = FromSocket(managed);
            return SocketError.Success;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            socket = FromSocket(managed);
            return SocketError.InProgress;
        }
        catch (SocketException e)
        {
            managed.Dispose();
            return e.SocketErrorCode;
        }
    }

    /// <summary>
    /// Asks again how a raw connect that reported InProgress stands: on loopback the handshake has
    /// usually finished inside the first call, so this saves the wait for writability (an epoll_ctl,
    /// a wake-up and SO_ERROR). Success, a failure, or InProgress (still going, or a .NET socket).
    /// </summary>
    public SocketError PollConnect(IPEndPoint target)
    {
        if (_managed is not null) return SocketError.InProgress;
        byte* addr = stackalloc byte[SocketNative.SockAddrSize];
        int len = SockAddr.Write(target, addr);
        if (SocketNative.connect((int)_fd, addr, len) == 0) return SocketError.Success;
        var error = LastError();
        return error switch
        {
            SocketError.IsConnected => SocketError.Success,
            SocketError.AlreadyInProgress or SocketError.InProgress or SocketError.WouldBlock => SocketError.InProgress,
            _ => error,
        };
    }

    /// <summary>Sends without blocking; the error is WouldBlock when the buffer is full.</summary>
    public int Send(ReadOnlySpan<byte> data, out SocketError error)
    {
        if (_managed is not null) return _managed.Send(data, SocketFlags.None, out error);
        fixed (byte* p = data)
        {
            nint n = SocketNative.send((int)_fd, p, data.Length, SocketNative.MSG_NOSIGNAL);
            error = n < 0 ? LastError() : SocketError.Success;
            return n < 0 ? 0 : (int)n;
        }
    }

    /// <summary>Receives without blocking: 0 bytes with Success is the end of the stream.</summary>
    public int Receive(Span<byte> buffer, out SocketError error)
    {
        if (_managed is not null) return _managed.Receive(buffer, SocketFlags.None, out error);
        fixed (byte* p = buffer)
        {
            nint n = SocketNative.recv((int)_fd, p, buffer.Length, 0);
            error = n < 0 ? LastError() : SocketError.Success;
            return n < 0 ? 0 : (int)n;
        }
    }

    /// <summary>SO_ERROR: how a connect that became writable ended.</summary>
    public SocketError PendingError()
    {
        if (_managed is not null) return (SocketError)(int)_managed.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        int value = 0, len = sizeof(int);
        if (SocketNative.getsockopt((int)_fd, SocketNative.SOL_SOCKET, SocketNative.SO_ERROR, &value, &len) != 0) return LastError();
        return Errno.ToSocketError(value);
    }

    /// <summary>The local address (getsockname).</summary>
    public EndPoint? LocalEndPoint()
    {
        if (_managed is not null) return _managed.LocalEndPoint;
        byte* addr = stackalloc byte[SocketNative.SockAddrSize];
        int len = SocketNative.SockAddrSize;
        return SocketNative.getsockname((int)_fd, addr, &len) == 0 ? SockAddr.Read(addr) : null;
    }

    /// <summary>TCP_NODELAY on or off.</summary>
    public void SetNoDelay(bool on)
    {
        if (_managed is not null)
        {
            _managed.NoDelay = on;
            return;
        }
        int value = on ? 1 : 0;
        if (SocketNative.setsockopt((int)_fd, SocketNative.IPPROTO_TCP, SocketNative.TCP_NODELAY, &value, sizeof(int)) != 0)
            throw new SocketException((int)LastError());
    }

    /// <summary>Closes the handle (a FIN for the peer once sent data has gone).</summary>
    public void Close()
    {
        if (_managed is not null) _managed.Dispose();
        else SocketNative.close((int)_fd);
    }

    /// <summary>Closes with a reset (SO_LINGER 0), dropping unsent data.</summary>
    public void Reset()
    {
        if (_managed is not null)
        {
            try { _managed.LingerState = new LingerOption(true, 0); }
            catch (SocketException) { /* already reset by the peer: closing is enough */ }
        }
        else
        {
            int* linger = stackalloc int[2] { 1, 0 };
            SocketNative.setsockopt((int)_fd, SocketNative.SOL_SOCKET, SocketNative.SO_LINGER, linger, 2 * sizeof(int));
        }
        Close();
    }

    private static SocketError LastError() => Errno.ToSocketError(Marshal.GetLastPInvokeError());
}
