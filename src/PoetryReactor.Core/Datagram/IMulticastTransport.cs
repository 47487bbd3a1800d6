namespace PoetryReactor.Core.Datagram;

/// <summary>
/// A UDP port that takes part in multicast groups (Twisted's <c>IMulticastTransport</c>). Made by
/// <see cref="UdpExtensions.ListenMulticast"/>; reactor thread only. Addresses are IP literals;
/// an IPv4 interface is named by one of its addresses, an IPv6 one by its index ("" is the default).
/// </summary>
public interface IMulticastTransport : IUdpTransport
{
    /// <summary>Joins <paramref name="group"/> on <paramref name="interface"/> ("" or null: the system's choice).</summary>
    /// <exception cref="ArgumentException">Not a multicast address of the port's family, or a bad interface.</exception>
    /// <exception cref="MulticastJoinError">The kernel refused (already joined, no such interface...).</exception>
    void JoinGroup(string group, string? @interface = null);

    /// <summary>Leaves a group joined with <see cref="JoinGroup"/>.</summary>
    /// <exception cref="MulticastJoinError">Not a member, or the kernel refused.</exception>
    void LeaveGroup(string group, string? @interface = null);

    /// <summary>The time to live (hop limit) of multicast datagrams sent: 1 by default, 0 keeps them on this host.</summary>
    int MulticastTtl { get; set; }

    /// <summary>Whether multicast datagrams sent are also delivered to this host's members (on by default).</summary>
    bool MulticastLoopback { get; set; }

    /// <summary>
    /// The interface multicast datagrams leave by (IP_MULTICAST_IF / IPV6_MULTICAST_IF), as given
    /// ("" while the system's routing table chooses).
    /// </summary>
    string OutgoingInterface { get; set; }
}
