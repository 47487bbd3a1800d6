using System.Net.Sockets;

namespace PoetryReactor.Core.Datagram;

/// <summary>Joining or leaving a multicast group failed (Twisted's <c>MulticastJoinError</c>).</summary>
public class MulticastJoinError : Exception
{
    /// <summary>Creates the error for <paramref name="group"/>; <paramref name="leaving"/> for a failed leave.</summary>
    public MulticastJoinError(string group, string @interface, bool leaving, SocketException inner)
        : base($"Couldn't {(leaving ? "leave" : "join")} multicast group {group}{(@interface.Length > 0 ? " on " + @interface : "")}: {inner.Message} ({inner.SocketErrorCode}).", inner)
    {
        Group = group;
        Interface = @interface;
        SocketError = inner.SocketErrorCode;
    }

    /// <summary>The group asked for.</summary>
    public string Group { get; }

    /// <summary>The interface asked for ("" for the system's choice).</summary>
    public string Interface { get; }

    /// <summary>Why, e.g. <see cref="System.Net.Sockets.SocketError.AddressAlreadyInUse"/> for a group already joined.</summary>
    public SocketError SocketError { get; }
}
