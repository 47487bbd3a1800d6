using System.Text.RegularExpressions;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Tests.Net;

/// <summary>Runs alone: the table is the process's, and other tests' connections would grow it meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DescriptorTableCollection
{
    public const string Name = "Descriptor table";
}

/// <summary>
/// The process's descriptor table is grown ahead of the reactor's descriptors, in the background:
/// read back from the kernel's own count of slots (FDSize in /proc/self/status).
/// </summary>
[Collection(DescriptorTableCollection.Name)]
public sealed partial class DescriptorTableTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [LinuxFact]
    public void A_reactor_leaves_room_for_thousands_of_connections()
    {
        using var reactor = new Reactor(new ReactorOptions { Backend = ReactorBackendKind.Epoll });

        Assert.True(DescriptorTable.WaitForGrowth(Bound), "the growth did not end");
        int expected = Math.Min(DescriptorTable.InitialReserve, OpenFileLimit());
        Assert.True(DescriptorTable.Reserved >= expected, $"reserved {DescriptorTable.Reserved}, expected at least {expected}");
        Assert.True(TableSize() >= DescriptorTable.Reserved, $"FDSize {TableSize()} < reserved {DescriptorTable.Reserved}");
    }

    [LinuxFact]
    public void A_descriptor_at_half_the_reserve_grows_the_table_to_four_times_it()
    {
        DescriptorTable.ReserveInitial();
        Assert.True(DescriptorTable.WaitForGrowth(Bound), "the first growth did not end");
        int before = DescriptorTable.Reserved;
        int limit = OpenFileLimit();
        if (before >= limit) return; // already at the limit: nothing to grow into

        DescriptorTable.Observe(before / 2 - 1); // below the mark: nothing happens
        Assert.Equal(before, DescriptorTable.Reserved);

        int fd = before / 2;
        DescriptorTable.Observe(fd);
        Assert.True(DescriptorTable.WaitForGrowth(Bound), "the growth did not end");
        int expected = Math.Min(4 * (fd + 1), limit);
        Assert.True(DescriptorTable.Reserved >= expected, $"reserved {DescriptorTable.Reserved}, expected at least {expected}");
        Assert.True(TableSize() >= DescriptorTable.Reserved, $"FDSize {TableSize()} < reserved {DescriptorTable.Reserved}");
    }

    private static int TableSize() =>
        int.Parse(FdSize().Match(File.ReadAllText("/proc/self/status")).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static int OpenFileLimit()
    {
        var line = File.ReadAllLines("/proc/self/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
        return soft == "unlimited" ? int.MaxValue : int.Parse(soft, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^FDSize:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex FdSize();
}
