using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Datagram;

// Multicast options, on the .NET socket (both paths: they are set once, not per datagram).
internal sealed partial class UdpPort
{
    private bool IsV4 => _socket.AddressFamily == AddressFamily.InterNetwork;

    /// <inheritdoc />
    public void JoinGroup(string group, string? @interface = null) => Membership(group, @interface ?? "", leave: false);

    /// <inheritdoc />
    public void LeaveGroup(string group, string? @interface = null) => Membership(group, @interface ?? "", leave: true);

    /// <inheritdoc />
    public int MulticastTtl
    {
        get => (int)_socket.GetSocketOption(Level, SocketOptionName.MulticastTimeToLive)!;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 0);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 255);
            _socket.SetSocketOption(Level, SocketOptionName.MulticastTimeToLive, value);
        }
    }

    /// <inheritdoc />
    public bool MulticastLoopback
    {
        get => (int)_socket.GetSocketOption(Level, SocketOptionName.MulticastLoopback)! != 0;
        set => _socket.SetSocketOption(Level, SocketOptionName.MulticastLoopback, value);
    }

    /// <inheritdoc />
    public string OutgoingInterface
    {
        get => _outgoingInterface;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (IsV4)
            {
                var address = value.Length == 0 ? IPAddress.Any : Interface(value, nameof(value));
                _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, address.GetAddressBytes());
            }
            else
            {
                _socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, InterfaceIndex(value, nameof(value)));
            }
            _outgoingInterface = value;
        }
    }

    private SocketOptionLevel Level => IsV4 ? SocketOptionLevel.IP : SocketOptionLevel.IPv6;

    private void Membership(string group, string @interface, bool leave)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (!IPAddress.TryParse(group, out var address) || address.AddressFamily != _socket.AddressFamily
            || !(IsV4 ? (address.GetAddressBytes()[0] & 0xF0) == 0xE0 : address.IsIPv6Multicast))
            throw new ArgumentException($"'{group}' is not an {(IsV4 ? "IPv4" : "IPv6")} multicast address.", nameof(group));
        var name = leave ? SocketOptionName.DropMembership : SocketOptionName.AddMembership;
        object option = IsV4
            ? (@interface.Length == 0 ? new MulticastOption(address) : new MulticastOption(address, Interface(@interface, nameof(@interface))))
            : new IPv6MulticastOption(address, InterfaceIndex(@interface, nameof(@interface)));
        try
        {
            _socket.SetSocketOption(Level, name, option);
        }
        catch (SocketException e)
        {
            throw new MulticastJoinError(group, @interface, leave, e);
        }
    }

    private static IPAddress Interface(string text, string parameter)
    {
        if (IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetwork) return address;
        throw new ArgumentException($"'{text}' is not an IPv4 address of an interface.", parameter);
    }

    private static int InterfaceIndex(string text, string parameter)
    {
        if (text.Length == 0) return 0;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int index)) return index;
        throw new ArgumentException($"'{text}' is not an IPv6 interface index.", parameter);
    }
}
