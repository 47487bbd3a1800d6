namespace PoetryReactor.Core.Tests.Net;

/// <summary>A theory that runs only on Linux (SO_RXQ_OVFL, SO_MEMINFO); it skips, saying so, elsewhere.</summary>
public sealed class LinuxTheoryAttribute : TheoryAttribute
{
    public LinuxTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux (the kernel's drop counters)";
    }
}
