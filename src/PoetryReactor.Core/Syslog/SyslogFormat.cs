namespace PoetryReactor.Core.Syslog;

/// <summary>Which syslog format a message was read as.</summary>
public enum SyslogFormat
{
    /// <summary>The BSD format (RFC 3164): <c>&lt;PRI&gt;Mmm dd hh:mm:ss HOST TAG[PID]: MSG</c>, and anything that is not RFC 5424.</summary>
    Rfc3164,
    /// <summary>The IETF format (RFC 5424): <c>&lt;PRI&gt;1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG</c>.</summary>
    Rfc5424,
}
