namespace PoetryReactor.HelpBuilder;

/// <summary>Small helpers for names: "did you mean" suggestions for misspelt keys and headings.</summary>
public static class Names
{
    /// <summary>
    /// The candidate closest to <paramref name="name"/> (case-insensitive edit distance of at
    /// most a third of its length, minimum 2), or null when nothing is close.
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = Math.Max(2, name.Length / 3) + 1;
        foreach (string c in candidates)
        {
            int d = Distance(name.ToUpperInvariant(), c.ToUpperInvariant());
            if (d < bestDistance) (best, bestDistance) = (c, d);
        }
        return best;
    }

    /// <summary>" (did you mean 'X'?)" or the empty string.</summary>
    public static string Suggest(string name, IEnumerable<string> candidates) =>
        Closest(name, candidates) is { } c ? $" (did you mean '{c}'?)" : "";

    static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
