namespace PoetryReactor.Core.Syslog;

/// <summary>
/// A syslog message as <see cref="SyslogParser"/> read it. Fields the sender left out (RFC 5424's
/// "-", a BSD message without a header) are null.
/// </summary>
public sealed class SyslogMessage
{
    internal SyslogMessage(int priority, SyslogFormat format)
    {
        Priority = priority;
        Format = format;
    }

    /// <summary>The priority: facility × 8 + severity (13, user.notice, where the sender gave none).</summary>
    public int Priority { get; }

    /// <summary>The facility (<see cref="Priority"/> / 8).</summary>
    public SyslogFacility Facility => (SyslogFacility)(Priority >> 3);

    /// <summary>The severity (<see cref="Priority"/> % 8).</summary>
    public SyslogSeverity Severity => (SyslogSeverity)(Priority & 7);

    /// <summary>The format the message was read as.</summary>
    public SyslogFormat Format { get; }

    /// <summary>The RFC 5424 version (1), or 0 for the BSD format.</summary>
    public int Version { get; internal set; }

    /// <summary>
    /// When the sender says the event happened. A BSD timestamp has no year or zone: it is read in the
    /// receiver's year and offset (the year before when that would put it a month or more ahead).
    /// </summary>
    public DateTimeOffset? Timestamp { get; internal set; }

    /// <summary>The sender's host name.</summary>
    public string? Host { get; internal set; }

    /// <summary>The application (RFC 5424's APP-NAME, the BSD TAG).</summary>
    public string? AppName { get; internal set; }

    /// <summary>The process id or name (PROCID, or the BSD <c>TAG[PID]</c>).</summary>
    public string? ProcId { get; internal set; }

    /// <summary>The message type (RFC 5424's MSGID).</summary>
    public string? MsgId { get; internal set; }

    /// <summary>The structured data as sent (RFC 5424), or null.</summary>
    public string? StructuredData { get; internal set; }

    /// <summary>The structured data's elements, in order (empty when there is none).</summary>
    public IReadOnlyList<SyslogElement> Elements { get; internal set; } = [];

    /// <summary>The free text (a UTF-8 BOM and a trailing newline removed).</summary>
    public string Message { get; internal set; } = "";

    /// <inheritdoc />
    public override string ToString() =>
        $"<{Priority}> {Facility}.{Severity} {Timestamp:O} {Host ?? "-"} {AppName ?? "-"}{(ProcId is null ? "" : $"[{ProcId}]")}: {Message}";
}
