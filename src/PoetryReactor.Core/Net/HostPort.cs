using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PoetryReactor.Core.Net;

/// <summary>
/// Where a TCP server listens: a host (name or IP literal) and a port. Used by every client (poetry and scriptblock).
/// </summary>
/// <remarks>
/// Accepted text forms (surrounding whitespace is ignored):
/// <c>PORT</c> (host <see cref="DefaultHost"/>, the IPv4 loopback, standing in for the
/// tutorial's default of <c>localhost</c>), <c>HOST:PORT</c> (a DNS name or dotted IPv4) and
/// <c>[IPv6]:PORT</c>. Ports are 1..65535. Parsing never throws anything but
/// <see cref="FormatException"/>, whatever the input.
/// </remarks>
public sealed class HostPort : IEquatable<HostPort>
{
    /// <summary>The host used when the text gives only a port: <c>127.0.0.1</c>.</summary>
    public const string DefaultHost = "127.0.0.1";

    private const int MaxShownChars = 200;

    private string? _shown;

    /// <summary>
    /// Creates an address from a host and port, validated as <see cref="Parse"/> would.
    /// </summary>
    /// <exception cref="FormatException">The host is not a DNS name or IP literal.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The port is not in 1..65535.</exception>
    public HostPort(string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        string? error = TryNormalizeHost(host, out string normalized, out bool v6);
        if (error is not null)
        {
            throw new FormatException(Describe(host, error));
        }
        Host = normalized;
        Port = port;
        IsIPv6 = v6;
        Text = ToString();
    }

    private HostPort(string host, int port, bool isIPv6, string text)
    {
        Host = host;
        Port = port;
        IsIPv6 = isIPv6;
        Text = text;
    }

    /// <summary>The host: a DNS name, a dotted IPv4 literal or an IPv6 literal (without brackets).</summary>
    public string Host { get; }

    /// <summary>The TCP port, 1..65535.</summary>
    public int Port { get; }

    /// <summary>True when <see cref="Host"/> is an IPv6 literal.</summary>
    public bool IsIPv6 { get; }

    /// <summary>The text this address was parsed from, as given (untrimmed).</summary>
    public string Text { get; }

    /// <summary>Makes an address from an IP endpoint, e.g. a server's bound endpoint.</summary>
    public static HostPort FromEndPoint(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return new HostPort(endPoint.Address.ToString(), endPoint.Port);
    }

    /// <summary>Parses <c>PORT</c>, <c>HOST:PORT</c> or <c>[IPv6]:PORT</c>.</summary>
    /// <exception cref="FormatException">
    /// The text is not an address (also for <see langword="null"/>); the message quotes the text,
    /// with control characters escaped.
    /// </exception>
    public static HostPort Parse(string? text)
    {
        string? error = TryParseCore(text, out HostPort? address);
        return error is null ? address! : throw new FormatException(Describe(text, error));
    }

    /// <summary>Like <see cref="Parse"/>, but returns false instead of throwing.</summary>
    public static bool TryParse(string? text, out HostPort? address) =>
        TryParseCore(text, out address) is null;

    /// <summary>Returns <c>host:port</c>, or <c>[host]:port</c> for IPv6.</summary>
    /// <remarks>Made once: a fetch names its address in every chunk event and record.</remarks>
    public override string ToString() =>
        _shown ??= IsIPv6 ? $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}"
                          : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Equal when host (case-insensitively) and port are equal.</summary>
    public bool Equals(HostPort? other) =>
        other is not null && Port == other.Port &&
        string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as HostPort);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(Host), Port);

    // Returns null on success, else the reason the text is not an address.
    private static string? TryParseCore(string? text, out HostPort? address)
    {
        address = null;
        if (text is null)
        {
            return "no address given";
        }
        string s = text.Trim();
        if (s.Length == 0)
        {
            return "the address is empty";
        }

        string hostPart;
        string portPart;
        if (s[0] == '[')
        {
            int close = s.IndexOf(']');
            if (close < 0)
            {
                return "'[' without a matching ']'";
            }
            if (close + 1 >= s.Length || s[close + 1] != ':')
            {
                return "an IPv6 address must be followed by ':PORT'";
            }
            hostPart = s[1..close];
            portPart = s[(close + 2)..];
            if (!IPAddress.TryParse(hostPart, out IPAddress? ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return "the text in brackets is not an IPv6 address";
            }
        }
        else
        {
            int colon = s.IndexOf(':');
            if (colon < 0)
            {
                hostPart = DefaultHost;
                portPart = s;
            }
            else if (colon != s.LastIndexOf(':'))
            {
                return "more than one ':' (write IPv6 addresses as [ADDRESS]:PORT)";
            }
            else
            {
                hostPart = s[..colon];
                portPart = s[(colon + 1)..];
            }
        }

        string? portError = TryParsePort(portPart, out int port);
        if (portError is not null)
        {
            return portError;
        }
        string? hostError = TryNormalizeHost(hostPart, out string host, out bool v6);
        if (hostError is not null)
        {
            return hostError;
        }
        address = new HostPort(host, port, v6, text);
        return null;
    }

    private static string? TryParsePort(string s, out int port)
    {
        port = 0;
        if (s.Length == 0)
        {
            return "the port is missing";
        }
        foreach (char c in s)
        {
            if (c is < '0' or > '9')
            {
                return "the port must be a number from 1 to 65535";
            }
        }
        if (s.Length > 5 || !int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out port) ||
            port < 1 || port > IPEndPoint.MaxPort)
        {
            port = 0;
            return "the port must be a number from 1 to 65535";
        }
        return null;
    }

    // Accepts an IPv6 literal (brackets already removed), a dotted IPv4 literal or a DNS name.
    private static string? TryNormalizeHost(string host, out string normalized, out bool isIPv6)
    {
        normalized = host;
        isIPv6 = false;
        if (host.Length == 0)
        {
            return "the host is missing";
        }
        if (host.Contains(':'))
        {
            if (IPAddress.TryParse(host, out IPAddress? ip) && ip.AddressFamily == AddressFamily.InterNetworkV6)
            {
                normalized = ip.ToString();
                isIPv6 = true;
                return null;
            }
            return "the host is not an IPv6 address";
        }
        if (host.Length > 253)
        {
            return "the host name is longer than 253 characters";
        }
        bool allNumeric = true;
        foreach (string label in host.Split('.'))
        {
            if (label.Length is 0 or > 63)
            {
                return "the host name has an empty or over-long label";
            }
            foreach (char c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                {
                    return "the host name may hold only letters, digits, '-', '_' and '.'";
                }
                allNumeric &= char.IsAsciiDigit(c);
            }
            if (label[0] == '-' || label[^1] == '-')
            {
                return "a host name label may not start or end with '-'";
            }
        }
        if (allNumeric && !IsDottedQuad(host))
        {
            return "the host is not a dotted IPv4 address (four numbers 0..255)";
        }
        return null;
    }

    private static bool IsDottedQuad(string host)
    {
        string[] parts = host.Split('.');
        return parts.Length == 4 && parts.All(p =>
            p.Length <= 3 && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n <= 255);
    }

    private static string Describe(string? text, string reason) =>
        text is null
            ? $"Invalid address: {reason}."
            : $"Invalid address '{Escape(text)}': {reason}. Expected PORT, HOST:PORT or [IPv6]:PORT.";

    // Escapes control characters and cuts very long text so the message stays readable.
    private static string Escape(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, MaxShownChars) + 8);
        foreach (char c in text.Length > MaxShownChars ? text[..MaxShownChars] : text)
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029')
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                sb.Append(c);
            }
        }
        if (text.Length > MaxShownChars)
        {
            sb.Append(CultureInfo.InvariantCulture, $"... ({text.Length} characters)");
        }
        return sb.ToString();
    }
}
