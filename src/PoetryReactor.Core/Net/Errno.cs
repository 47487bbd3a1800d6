using System.Net.Sockets;

namespace PoetryReactor.Core.Net;

/// <summary>Linux errno values of the raw-descriptor path, and the <see cref="SocketError"/> each means (as .NET maps them).</summary>
internal static class Errno
{
    public const int EINTR = 4, EAGAIN = 11, EINPROGRESS = 115, ECONNABORTED = 103, EPROTO = 71;
    public const int EBADF = 9, ENOTSOCK = 88, EMSGSIZE = 90, ENOBUFS = 105, ECONNREFUSED = 111;

    public static SocketError ToSocketError(int errno) => errno switch
    {
        0 => SocketError.Success,
        EINTR => SocketError.Interrupted,
        EBADF => SocketError.OperationAborted,
        EAGAIN => SocketError.WouldBlock,
        12 or ENOBUFS => SocketError.NoBufferSpaceAvailable, // ENOMEM, ENOBUFS
        13 or 1 => SocketError.AccessDenied,        // EACCES, EPERM
        14 => SocketError.Fault,
        22 => SocketError.InvalidArgument,
        23 or 24 => SocketError.TooManyOpenSockets, // ENFILE, EMFILE
        32 => SocketError.Shutdown,                 // EPIPE
        ENOTSOCK => SocketError.NotSocket,
        EMSGSIZE => SocketError.MessageSize,
        93 => SocketError.ProtocolNotSupported,
        95 => SocketError.OperationNotSupported,
        97 => SocketError.AddressFamilyNotSupported,
        98 => SocketError.AddressAlreadyInUse,
        99 => SocketError.AddressNotAvailable,
        100 => SocketError.NetworkDown,
        101 => SocketError.NetworkUnreachable,
        102 => SocketError.NetworkReset,
        ECONNABORTED => SocketError.ConnectionAborted,
        104 => SocketError.ConnectionReset,
        106 => SocketError.IsConnected,
        107 => SocketError.NotConnected,
        108 => SocketError.Shutdown,
        110 => SocketError.TimedOut,
        ECONNREFUSED => SocketError.ConnectionRefused,
        112 => SocketError.HostDown,
        113 => SocketError.HostUnreachable,
        114 => SocketError.AlreadyInProgress,
        EINPROGRESS => SocketError.InProgress,
        _ => SocketError.SocketError,
    };
}
