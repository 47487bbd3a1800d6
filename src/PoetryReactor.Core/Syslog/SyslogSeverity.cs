namespace PoetryReactor.Core.Syslog;

/// <summary>The severity of a syslog message: the priority modulo 8 (RFC 5424 §6.2.1).</summary>
public enum SyslogSeverity
{
    /// <summary>System is unusable.</summary>
    Emergency = 0,
    /// <summary>Action must be taken immediately.</summary>
    Alert = 1,
    /// <summary>Critical conditions.</summary>
    Critical = 2,
    /// <summary>Error conditions.</summary>
    Error = 3,
    /// <summary>Warning conditions.</summary>
    Warning = 4,
    /// <summary>Normal but significant (what <c>logger</c> sends by default).</summary>
    Notice = 5,
    /// <summary>Informational.</summary>
    Informational = 6,
    /// <summary>Debug-level messages.</summary>
    Debug = 7,
}
