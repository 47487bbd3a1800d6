using System.Globalization;
using System.Text;

namespace PoetryReactor.Core.Syslog;

/// <summary>
/// Reads syslog messages as senders really send them over UDP: RFC 5424 (<c>logger --rfc5424</c>,
/// rsyslog, journald's forwarders) and the BSD format of RFC 3164 (<c>logger --rfc3164</c>, most network
/// gear). Never fails: a datagram that follows neither is still a message (priority 13, its text as
/// <see cref="SyslogMessage.Message"/>), as RFC 3164 §4.3.3 asks of a receiver, so nothing sent is lost.
/// </summary>
public static class SyslogParser
{
    /// <summary>The default priority of a message without one: user.notice.</summary>
    public const int DefaultPriority = 13;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Reads <paramref name="datagram"/> (UTF-8; invalid bytes become U+FFFD).</summary>
    /// <param name="datagram">One syslog message.</param>
    /// <param name="receivedAt">When it arrived: gives a BSD timestamp its year and offset.</param>
    public static SyslogMessage Parse(ReadOnlySpan<byte> datagram, DateTimeOffset receivedAt) =>
        Parse(Utf8.GetString(datagram), receivedAt);

    /// <summary>Reads one syslog message from text.</summary>
    /// <param name="text">One syslog message.</param>
    /// <param name="receivedAt">When it arrived: gives a BSD timestamp its year and offset.</param>
    public static SyslogMessage Parse(string text, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.AsSpan().TrimEnd("\r\n\0");
        if (!TryPriority(ref s, out int priority))
            return new SyslogMessage(DefaultPriority, SyslogFormat.Rfc3164) { Message = s.ToString() };
        int digits = 0;
        while (digits < s.Length && digits < 3 && char.IsAsciiDigit(s[digits])) digits++;
        if (digits > 0 && s[0] != '0' && digits < s.Length && s[digits] == ' ')
        {
            var message = new SyslogMessage(priority, SyslogFormat.Rfc5424) { Version = int.Parse(s[..digits], CultureInfo.InvariantCulture) };
            Rfc5424(s[(digits + 1)..], message);
            return message;
        }
        var bsd = new SyslogMessage(priority, SyslogFormat.Rfc3164);
        Rfc3164(s, bsd, receivedAt);
        return bsd;
    }

    private static bool TryPriority(ref ReadOnlySpan<char> s, out int priority)
    {
        priority = DefaultPriority;
        int close = s.Length > 2 && s[0] == '<' ? s[..Math.Min(s.Length, 5)].IndexOf('>') : -1;
        if (close < 2) return false;
        var digits = s[1..close];
        foreach (char c in digits) if (!char.IsAsciiDigit(c)) return false;
        if ((digits.Length > 1 && digits[0] == '0') || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value > 191)
            return false;
        priority = value;
        s = s[(close + 1)..];
        return true;
    }

    // TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]. Where a field is
    // malformed, what follows is kept as the message.
    private static void Rfc5424(ReadOnlySpan<char> s, SyslogMessage m)
    {
        var time = Token(ref s);
        if (time is not "-")
        {
            if (!TryRfc3339(time, out var stamp))
            {
                m.Message = (time.ToString() + " " + s.ToString()).TrimEnd();
                return;
            }
            m.Timestamp = stamp;
        }
        m.Host = Nil(Token(ref s));
        m.AppName = Nil(Token(ref s));
        m.ProcId = Nil(Token(ref s));
        m.MsgId = Nil(Token(ref s));
        if (s.StartsWith("-") && (s.Length == 1 || s[1] == ' ')) s = s[1..];
        else if (s.StartsWith("["))
        {
            var start = s;
            var elements = new List<SyslogElement>();
            while (s.StartsWith("[") && TryElement(ref s, out var element)) elements.Add(element);
            if (elements.Count > 0)
            {
                m.StructuredData = start[..(start.Length - s.Length)].ToString();
                m.Elements = elements;
            }
        }
        if (s.StartsWith(" ")) s = s[1..];
        if (s.StartsWith("\uFEFF")) s = s[1..];
        m.Message = s.ToString();
    }

    // [SD-ID *(SP PARAM-NAME="PARAM-VALUE")] with \" \\ \] escaped in values.
    private static bool TryElement(ref ReadOnlySpan<char> s, out SyslogElement element)
    {
        element = null!;
        int i = 1;
        while (i < s.Length && s[i] is not (' ' or ']' or '=' or '"')) i++;
        if (i == 1 || i >= s.Length) return false;
        string id = s[1..i].ToString();
        var parameters = new List<KeyValuePair<string, string>>();
        while (i < s.Length && s[i] == ' ')
        {
            int nameStart = ++i;
            while (i < s.Length && s[i] is not (' ' or ']' or '=' or '"')) i++;
            if (i == nameStart || i + 1 >= s.Length || s[i] != '=' || s[i + 1] != '"') return false;
            string name = s[nameStart..i].ToString();
            i += 2;
            var value = new StringBuilder();
            while (i < s.Length && s[i] != '"')
            {
                if (s[i] == '\\' && i + 1 < s.Length && s[i + 1] is '"' or '\\' or ']') i++;
                value.Append(s[i++]);
            }
            if (i >= s.Length) return false;
            i++; // the closing quote
            parameters.Add(new(name, value.ToString()));
        }
        if (i >= s.Length || s[i] != ']') return false;
        s = s[(i + 1)..];
        element = new SyslogElement(id, parameters);
        return true;
    }

    // [TIMESTAMP SP HOSTNAME SP] [TAG[PID]: ] MSG. logger sends "Dec  8 01:04:49 host tag[pid]: text".
    private static void Rfc3164(ReadOnlySpan<char> s, SyslogMessage m, DateTimeOffset receivedAt)
    {
        if (TryBsdTime(ref s, receivedAt, out var stamp) || TryLeadingRfc3339(ref s, out stamp))
        {
            m.Timestamp = stamp;
            // A header has a host; a first word that ends the tag (":" or "[") is the tag, not a host.
            int end = s.IndexOf(' ');
            var word = end < 0 ? s : s[..end];
            if (end > 0 && word.IndexOfAny(":[") < 0)
            {
                m.Host = word.ToString();
                s = s[(end + 1)..];
            }
        }
        int tagEnd = 0;
        while (tagEnd < s.Length && tagEnd < 128 && s[tagEnd] is not (':' or '[' or ' ')) tagEnd++;
        var rest = s[tagEnd..];
        string? procId = null;
        if (rest.StartsWith("[") && rest.IndexOf(']') is > 1 and var close)
        {
            procId = rest[1..close].ToString();
            rest = rest[(close + 1)..];
        }
        if (tagEnd > 0 && rest.StartsWith(":"))
        {
            m.AppName = s[..tagEnd].ToString();
            m.ProcId = procId;
            s = rest[1..];
            if (s.StartsWith(" ")) s = s[1..];
        }
        m.Message = s.ToString();
    }

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    // "Mmm dd hh:mm:ss " with the day space-padded ("Dec  8") or not ("Dec 8", "Dec 08").
    private static bool TryBsdTime(ref ReadOnlySpan<char> s, DateTimeOffset receivedAt, out DateTimeOffset stamp)
    {
        stamp = default;
        if (s.Length < 15 || s[3] != ' ') return false;
        int month = Array.IndexOf(Months, s[..3].ToString()) + 1;
        if (month == 0) return false;
        int i = 4;
        if (s[i] == ' ') i++;
        int dayStart = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]) && i - dayStart < 2) i++;
        if (i == dayStart || i + 9 > s.Length || s[i] != ' ') return false;
        int day = int.Parse(s[dayStart..i], CultureInfo.InvariantCulture);
        var clock = s.Slice(i + 1, 8);
        if (clock[2] != ':' || clock[5] != ':' || !TwoDigits(clock[..2], out int hh) || !TwoDigits(clock[3..5], out int mm) || !TwoDigits(clock[6..8], out int ss))
            return false;
        if (i + 9 < s.Length && s[i + 9] != ' ') return false;
        var now = receivedAt;
        if (!TryDate(now.Year, month, day, hh, mm, ss, now.Offset, out stamp)) return false;
        // Sent in late December, read in early January: last year's.
        if (stamp > now.AddDays(31) && !TryDate(now.Year - 1, month, day, hh, mm, ss, now.Offset, out stamp)) return false;
        s = s[Math.Min(s.Length, i + 10)..];
        return true;
    }

    private static bool TryDate(int year, int month, int day, int hh, int mm, int ss, TimeSpan offset, out DateTimeOffset stamp)
    {
        stamp = default;
        if (hh > 23 || mm > 59 || ss > 60 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        stamp = new DateTimeOffset(year, month, day, hh, mm, Math.Min(ss, 59), offset);
        return true;
    }

    private static bool TwoDigits(ReadOnlySpan<char> s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    // A BSD message with an RFC 3339 time where the BSD one would be (rsyslog's high-precision format).
    private static bool TryLeadingRfc3339(ref ReadOnlySpan<char> s, out DateTimeOffset stamp)
    {
        int end = s.IndexOf(' ');
        if (end < 19 || !TryRfc3339(s[..end], out stamp))
        {
            stamp = default;
            return false;
        }
        s = s[(end + 1)..];
        return true;
    }

    private static readonly string[] Rfc3339Formats =
        ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    private static bool TryRfc3339(ReadOnlySpan<char> s, out DateTimeOffset stamp) =>
        DateTimeOffset.TryParseExact(s, Rfc3339Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out stamp);

    private static ReadOnlySpan<char> Token(ref ReadOnlySpan<char> s)
    {
        int end = s.IndexOf(' ');
        var token = end < 0 ? s : s[..end];
        s = end < 0 ? ReadOnlySpan<char>.Empty : s[(end + 1)..];
        return token;
    }

    private static string? Nil(ReadOnlySpan<char> token) => token is "-" || token.IsEmpty ? null : token.ToString();
}
