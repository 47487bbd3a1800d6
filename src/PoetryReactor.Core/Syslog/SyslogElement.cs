namespace PoetryReactor.Core.Syslog;

/// <summary>One structured-data element of an RFC 5424 message: <c>[id name="value" ...]</c>.</summary>
public sealed class SyslogElement
{
    internal SyslogElement(string id, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        Id = id;
        Parameters = parameters;
    }

    /// <summary>The SD-ID, e.g. <c>timeQuality</c> or <c>exampleSDID@32473</c>.</summary>
    public string Id { get; }

    /// <summary>The parameters in their order, values unescaped (a name may repeat).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    public string? this[string name] => Parameters.FirstOrDefault(p => p.Key == name).Value;

    /// <inheritdoc />
    public override string ToString() => $"[{Id}{string.Concat(Parameters.Select(p => $" {p.Key}=\"{p.Value}\""))}]";
}
