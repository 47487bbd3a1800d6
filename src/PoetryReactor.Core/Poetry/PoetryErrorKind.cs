using System.Net.Sockets;

namespace PoetryReactor.Core.Poetry;

/// <summary>What went wrong with a poetry task, server or poem file.</summary>
public enum PoetryErrorKind
{
    /// <summary>The address text could not be parsed.</summary>
    AddressInvalid,
    /// <summary>The host name did not resolve to any address.</summary>
    HostNotFound,
    /// <summary>Nothing listens at the address (the peer refused the connection).</summary>
    ConnectionRefused,
    /// <summary>No route to the host or network.</summary>
    HostUnreachable,
    /// <summary>No progress (connect or data) within the allowed time.</summary>
    Timeout,
    /// <summary>The poem is longer than the client's byte limit.</summary>
    TooLarge,
    /// <summary>The connection was reset or aborted before the server closed it cleanly.</summary>
    ConnectionLost,
    /// <summary>A server could not bind because the address is in use.</summary>
    AddressInUse,
    /// <summary>A poem name or file does not exist.</summary>
    PoemNotFound,
    /// <summary>A poem file is a directory, a device or too large.</summary>
    PoemFileInvalid,
    /// <summary>Any other socket failure.</summary>
    SocketError,
}
