namespace PoetryReactor.Core.Tests.Syslog;

/// <summary>A theory that runs only where util-linux logger is installed (bsdutils; build.ps1 installs it).</summary>
public sealed class LoggerTheoryAttribute : TheoryAttribute
{
    public const string Logger = "/usr/bin/logger";

    public LoggerTheoryAttribute()
    {
        if (!File.Exists(Logger)) Skip = $"{Logger} is not installed (Debian: bsdutils)";
    }
}
