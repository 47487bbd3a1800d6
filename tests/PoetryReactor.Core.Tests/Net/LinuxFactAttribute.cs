namespace PoetryReactor.Core.Tests.Net;

/// <summary>Runs only on Linux: SO_REUSEPORT balancing, and the epoll backend beside select.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux (SO_REUSEPORT balancing, epoll)";
    }
}
