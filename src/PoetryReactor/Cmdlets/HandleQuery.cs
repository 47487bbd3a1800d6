using System.Management.Automation;

namespace PoetryReactor.Cmdlets;

/// <summary>
/// How every Get- and Stop- family picks what it acts on: by id, by name (wildcards) or by port, each
/// id, port or plain name that matches nothing reported, the rest found in id order without repeats.
/// </summary>
internal static class HandleQuery
{
    /// <summary>
    /// The items of <paramref name="all"/> that match any of <paramref name="ids"/>, <paramref name="names"/>
    /// or <paramref name="ports"/> (all of them when none is given). <paramref name="miss"/> hears of each
    /// id, port and wildcard-free name that matched nothing: a description and the value.
    /// </summary>
    public static List<T> Select<T>(IReadOnlyList<T> all, int[]? ids, string[]? names, int[]? ports,
        Func<T, int> idOf, Func<T, string?> nameOf, Func<T, int>? portOf, Action<string, object> miss)
    {
        if (ids is null && names is null && ports is null) return all.ToList();
        var found = new List<T>();
        void Take(IEnumerable<T> matches, string what, object value, bool mustMatch)
        {
            var list = matches.ToList();
            if (list.Count == 0 && mustMatch) miss(what, value);
            foreach (var item in list)
                if (!found.Contains(item)) found.Add(item);
        }
        foreach (var id in ids ?? Array.Empty<int>()) Take(all.Where(x => idOf(x) == id), $"id {id}", id, true);
        foreach (var port in ports ?? Array.Empty<int>()) Take(all.Where(x => portOf?.Invoke(x) == port), $"port {port}", port, true);
        foreach (var name in names ?? Array.Empty<string>())
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            Take(all.Where(x => nameOf(x) is { } n && pattern.IsMatch(n)), $"name '{name}'", name, !WildcardPattern.ContainsWildcardCharacters(name));
        }
        return found.OrderBy(idOf).ToList();
    }
}
