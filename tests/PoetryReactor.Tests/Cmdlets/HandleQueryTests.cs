using PoetryReactor.Cmdlets;

namespace PoetryReactor.Tests.Cmdlets;

/// <summary>How every Get- and Stop- family picks what it acts on.</summary>
public class HandleQueryTests
{
    private sealed record Thing(int Id, string? Name, int Port);

    private static readonly Thing[] Things = [new(1, "alpha", 80), new(2, "beta", 81), new(3, null, 82), new(4, "alpine", 83)];

    private static (List<Thing> Found, List<(string What, object Value)> Missed) Select(int[]? ids = null, string[]? names = null, int[]? ports = null)
    {
        var missed = new List<(string, object)>();
        var found = HandleQuery.Select(Things, ids, names, ports, t => t.Id, t => t.Name, t => t.Port, (w, v) => missed.Add((w, v)));
        return (found, missed);
    }

    [Fact]
    public void With_nothing_asked_every_item_is_found()
    {
        Assert.Equal(Things, Select().Found);
    }

    [Fact]
    public void Names_match_with_wildcards_in_any_case_and_an_unnamed_item_matches_none()
    {
        var (found, missed) = Select(names: ["AL*"]);
        Assert.Equal([1, 4], found.Select(t => t.Id));
        Assert.Empty(missed);
        Assert.DoesNotContain(Select(names: ["*"]).Found, t => t.Name is null);
    }

    [Fact]
    public void Each_id_port_and_plain_name_that_matches_nothing_is_reported_once_and_the_rest_are_found()
    {
        var (found, missed) = Select(ids: [2, 9], names: ["gamma", "z*"], ports: [83, 99]);
        Assert.Equal([2, 4], found.Select(t => t.Id));
        Assert.Equal([("id 9", (object)9), ("port 99", 99), ("name 'gamma'", "gamma")], missed);
    }

    [Fact]
    public void An_item_matched_twice_is_found_once_in_id_order()
    {
        var (found, _) = Select(ids: [4, 1], names: ["alpha"]);
        Assert.Equal([1, 4], found.Select(t => t.Id));
    }
}
