using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PoetryReactor.HelpBuilder;

/// <summary>
/// Reads the two kinds of yaml a page holds: the front matter and each parameter's block.
/// Errors carry file lines: YamlDotNet's line inside the block plus the block's first line.
/// </summary>
public static partial class YamlBlocks
{
    /// <summary>The keys a parameter block may hold, in the order they are written.</summary>
    public static readonly string[] ParameterKeys =
    [
        "Type", "Parameter Sets", "Aliases", "Accepted values", "Required", "Position",
        "Default value", "Accept pipeline input", "Accept wildcard characters",
    ];

    static readonly string[] RequiredParameterKeys =
        ["Type", "Parameter Sets", "Required", "Position", "Accept pipeline input"];

    /// <summary>
    /// Parses a flat yaml mapping. <paramref name="firstLine"/> is the 1-based file line of
    /// the yaml's first line. Returns null (and reports) when the yaml is malformed or not a
    /// mapping of scalars.
    /// </summary>
    public static List<(string Key, string Value, int Line)>? ParseMapping(
        string yaml, int firstLine, string file, string what, List<Diagnostic> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            errors.Add(new(file, firstLine - 1 + (int)ex.Start.Line, $"malformed yaml in {what}: {CleanMessage(ex)}"));
            return null;
        }
        var entries = new List<(string, string, int)>();
        if (stream.Documents.Count == 0) return entries;
        if (stream.Documents[0].RootNode is not YamlMappingNode map)
        {
            if (stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" }) return entries;
            errors.Add(new(file, firstLine, $"{what} must be a yaml mapping of 'Key: value' lines"));
            return null;
        }
        foreach (var (keyNode, valueNode) in map.Children)
        {
            int line = firstLine - 1 + (int)keyNode.Start.Line;
            if (keyNode is not YamlScalarNode { Value: { } key } || valueNode is not YamlScalarNode value)
            {
                errors.Add(new(file, line, $"{what}: each entry must be a plain 'Key: value' line"));
                return null;
            }
            entries.Add((key, value.Value?.Trim() ?? "", line));
        }
        return entries;
    }

    /// <summary>
    /// Parses a parameter's yaml block; <paramref name="fenceLine"/> is the 1-based line of its
    /// opening fence. Reports unknown or missing keys and values of the wrong shape.
    /// </summary>
    public static ParameterYaml? ParseParameter(string yaml, int fenceLine, string parameter, string file, List<Diagnostic> errors)
    {
        string what = $"the yaml block of '-{parameter}'";
        var entries = ParseMapping(yaml, fenceLine + 1, file, what, errors);
        if (entries is null) return null;
        var result = new ParameterYaml { Line = fenceLine };
        int before = errors.Count;
        foreach (var (key, value, line) in entries)
        {
            string? known = ParameterKeys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                errors.Add(new(file, line, $"unknown key '{key}' in {what}{Names.Suggest(key, ParameterKeys)}"));
                continue;
            }
            result.KeyLines[known] = line;
            string? problem = Apply(result, known, value);
            if (problem is not null) errors.Add(new(file, line, $"{what}: {problem}"));
        }
        foreach (string key in RequiredParameterKeys.Where(k => !result.KeyLines.ContainsKey(k)))
            errors.Add(new(file, fenceLine, $"{what} is missing '{key}:'"));
        return errors.Count == before ? result : null;
    }

    static string? Apply(ParameterYaml y, string key, string value)
    {
        switch (key)
        {
            case "Type":
                if (value.Length == 0) return "'Type' is empty";
                y.Type = value;
                return null;
            case "Parameter Sets":
                y.ParameterSets = value is "(All)" or "" ? [] : SplitList(value);
                return null;
            case "Aliases": y.Aliases = SplitList(value); return null;
            case "Accepted values": y.AcceptedValues = SplitList(value); return null;
            case "Default value": y.DefaultValue = value.Length == 0 ? "None" : value; return null;
            case "Required":
                if (!bool.TryParse(value, out bool required)) return $"'Required' must be True or False, not '{value}'";
                y.Required = required;
                return null;
            case "Accept wildcard characters":
                if (!bool.TryParse(value, out bool globbing)) return $"'Accept wildcard characters' must be True or False, not '{value}'";
                y.Globbing = globbing;
                return null;
            case "Position":
                if (value.Equals("Named", StringComparison.OrdinalIgnoreCase)) { y.Position = null; return null; }
                if (int.TryParse(value, out int position) && position >= 0) { y.Position = position; return null; }
                return $"'Position' must be Named or a number, not '{value}'";
            case "Accept pipeline input":
                string? pipeline = NormalizePipeline(value);
                if (pipeline is null)
                    return $"'Accept pipeline input' must be False, True (ByValue), True (ByPropertyName) or True (ByPropertyName, ByValue), not '{value}'";
                y.PipelineInput = pipeline;
                return null;
        }
        return null;
    }

    /// <summary>
    /// The canonical spelling of a pipeline-input value, or null when it is not one:
    /// <c>False</c>, <c>True (ByValue)</c>, <c>True (ByPropertyName)</c>, <c>True (ByPropertyName, ByValue)</c>.
    /// </summary>
    public static string? NormalizePipeline(string value)
    {
        if (value.Equals("False", StringComparison.OrdinalIgnoreCase)) return "False";
        var m = PipelinePattern().Match(value);
        if (!m.Success) return null;
        var kinds = m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        bool byValue = false, byName = false;
        foreach (string kind in kinds)
        {
            if (kind.Equals("ByValue", StringComparison.OrdinalIgnoreCase)) byValue = true;
            else if (kind.Equals("ByPropertyName", StringComparison.OrdinalIgnoreCase)) byName = true;
            else return null;
        }
        return Pipeline(byValue, byName);
    }

    /// <summary>The canonical pipeline-input text for the two binding kinds.</summary>
    public static string Pipeline(bool byValue, bool byPropertyName) => (byValue, byPropertyName) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };

    static List<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>YamlDotNet's message without its "(Line: .. Col: ..) - (..): " prefix; the line is reported separately.</summary>
    static string CleanMessage(YamlException ex) => LocationPrefix().Replace(ex.Message, "");

    [GeneratedRegex(@"^True\s*\(([^)]*)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex PipelinePattern();

    [GeneratedRegex(@"^\(Line: [^)]*\)( - \(Line: [^)]*\))?: ")]
    private static partial Regex LocationPrefix();
}
