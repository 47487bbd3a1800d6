using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Net;

/// <summary>
/// The interface a server binds, as users write it: <c>localhost</c>, an IP literal (brackets
/// optional), or <c>*</c> for every IPv4 interface. Read the same way by every listener, so poetry
/// servers and scriptblock listeners take the same text.
/// </summary>
internal static class BindAddress
{
    /// <summary>
    /// The address to bind for <paramref name="text"/>: <c>localhost</c> is the IPv4 loopback (the
    /// tutorial's default); <c>*</c> is every IPv4 interface; otherwise a dotted IPv4 or an IPv6
    /// literal (brackets optional). False for anything else, host names included.
    /// </summary>
    public static bool TryParse(string text, out IPAddress address)
    {
        address = IPAddress.None;
        var s = text.Trim();
        if (s.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
            return true;
        }
        if (s == "*")
        {
            address = IPAddress.Any;
            return true;
        }
        if (s.StartsWith('[') && s.EndsWith(']')) s = s[1..^1];
        // IPAddress.TryParse takes "1" for 0.0.0.1: insist on four numbers or a colon form.
        var shaped = s.Contains(':') || s.Split('.').Length == 4;
        if (!shaped || !IPAddress.TryParse(s, out var parsed)) return false;
        address = parsed;
        return true;
    }

    /// <summary>True for 0.0.0.0 and ::, which listen on every interface.</summary>
    public static bool IsAll(IPAddress address) =>
        address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    /// <summary>True when a bind failed because the address is not one of this machine's.</summary>
    internal static bool IsNotLocal(Exception e) => SocketErrorOf(e) == SocketError.AddressNotAvailable;

    /// <summary>True when a bind failed because the port is taken on that address.</summary>
    internal static bool IsInUse(Exception e) => SocketErrorOf(e) == SocketError.AddressAlreadyInUse;

    private static SocketError? SocketErrorOf(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is SocketException s) return s.SocketErrorCode;
        return null;
    }
}
