using System.Text.Json;
using System.Text.Json.Serialization;

namespace PoetryReactor.HelpBuilder;

/// <summary>
/// The commands of a module as <c>Export-CommandMetadata.ps1</c> writes them from Get-Command:
/// the source of truth for parameter names, types, positions and sets.
/// </summary>
public sealed class ModuleMetadata
{
    public string Module { get; set; } = "";
    public List<CommandMetadata> Commands { get; set; } = [];

    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads metadata JSON; throws <see cref="JsonException"/> when it is malformed.</summary>
    public static ModuleMetadata Parse(string json) =>
        JsonSerializer.Deserialize<ModuleMetadata>(json, Options) ?? throw new JsonException("metadata is empty");

    /// <summary>Reads a metadata file.</summary>
    public static ModuleMetadata Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>The command called <paramref name="name"/> (case-insensitive), or null.</summary>
    public CommandMetadata? Find(string name) =>
        Commands.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One command: its parameter sets and parameters.</summary>
public sealed class CommandMetadata
{
    /// <summary>The set every parameter without an explicit set belongs to.</summary>
    public const string AllSets = "__AllParameterSets";

    public string Name { get; set; } = "";
    /// <summary>The external help file Get-Help reads for it, e.g. <c>PoetryReactor.dll-Help.xml</c>.</summary>
    public string? HelpFile { get; set; }
    public string? DefaultParameterSet { get; set; }
    /// <summary>Whether it takes the common parameters (cmdlets and advanced functions do).</summary>
    public bool CmdletBinding { get; set; } = true;
    /// <summary>Parameter set names as Get-Command lists them.</summary>
    public List<string> ParameterSets { get; set; } = [];
    /// <summary>Parameters in declaration order, common parameters excluded.</summary>
    public List<ParameterMetadata> Parameters { get; set; } = [];
    /// <summary>Full names of the types in its [OutputType] attributes.</summary>
    public List<string> OutputTypes { get; set; } = [];

    /// <summary>The parameter called <paramref name="name"/> (case-insensitive), or null.</summary>
    public ParameterMetadata? Find(string name) =>
        Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The set names with the default first, then the others in listed order.</summary>
    public List<string> OrderedSets()
    {
        var sets = ParameterSets.Count > 0 ? ParameterSets.ToList() : [AllSets];
        if (DefaultParameterSet is { } d && sets.Remove(d)) sets.Insert(0, d);
        return sets;
    }

    /// <summary>Whether <paramref name="set"/> is shown as the default set.</summary>
    public bool IsDefault(string set) => set != AllSets && (set == DefaultParameterSet || ParameterSets.Count == 1);

    /// <summary>
    /// The parameters of <paramref name="set"/>, each with its settings there, in PowerShell's
    /// display order: positional by position, then mandatory named, then the rest.
    /// </summary>
    public List<(ParameterMetadata Parameter, ParameterSetMetadata In)> ParametersOf(string set)
    {
        var members = Parameters
            .Select(p => (Parameter: p, In: p.In(set)))
            .Where(x => x.In is not null)
            .Select(x => (x.Parameter, In: x.In!))
            .ToList();
        return members.Where(x => x.In.Position is not null).OrderBy(x => x.In.Position)
            .Concat(members.Where(x => x.In.Position is null && x.In.Mandatory))
            .Concat(members.Where(x => x.In.Position is null && !x.In.Mandatory))
            .ToList();
    }

    /// <summary>The syntax line of <paramref name="set"/>, as Get-Command -Syntax shapes it.</summary>
    public string SyntaxLine(string set)
    {
        var parts = new List<string> { Name };
        foreach (var (p, s) in ParametersOf(set))
        {
            if (p.IsSwitch) parts.Add(s.Mandatory ? $"-{p.Name}" : $"[-{p.Name}]");
            else if (s.Mandatory) parts.Add(s.Position is null ? $"-{p.Name} <{p.Type}>" : $"[-{p.Name}] <{p.Type}>");
            else parts.Add(s.Position is null ? $"[-{p.Name} <{p.Type}>]" : $"[[-{p.Name}] <{p.Type}>]");
        }
        if (CmdletBinding) parts.Add("[<CommonParameters>]");
        return string.Join(' ', parts);
    }
}

/// <summary>One parameter: its type, aliases and its settings in each set it belongs to.</summary>
public sealed class ParameterMetadata
{
    public string Name { get; set; } = "";
    /// <summary>The short type name PlatyPS writes, e.g. <c>String[]</c>.</summary>
    public string Type { get; set; } = "";
    /// <summary>The full type name, e.g. <c>System.String[]</c>.</summary>
    public string? TypeFullName { get; set; }
    public bool IsSwitch { get; set; }
    public List<string> Aliases { get; set; } = [];
    /// <summary>Values from [ValidateSet] or an enum type, if any.</summary>
    public List<string> AcceptedValues { get; set; } = [];
    /// <summary>Settings per parameter set; the set <c>__AllParameterSets</c> means every set.</summary>
    public List<ParameterSetMetadata> Sets { get; set; } = [];

    /// <summary>Its settings in <paramref name="set"/>, or null when it is not part of that set.</summary>
    public ParameterSetMetadata? In(string set) =>
        Sets.FirstOrDefault(s => s.Name.Equals(set, StringComparison.OrdinalIgnoreCase))
        ?? Sets.FirstOrDefault(s => s.Name == CommandMetadata.AllSets);

    /// <summary>Whether <paramref name="documented"/> names this parameter's type (short or full name).</summary>
    public bool TypeMatches(string documented) =>
        documented.Equals(Type, StringComparison.OrdinalIgnoreCase)
        || (TypeFullName is not null && documented.Equals(TypeFullName, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A parameter's settings within one parameter set.</summary>
public sealed class ParameterSetMetadata
{
    public string Name { get; set; } = CommandMetadata.AllSets;
    /// <summary>The position, or null for a named parameter.</summary>
    public int? Position { get; set; }
    public bool Mandatory { get; set; }
    public bool ValueFromPipeline { get; set; }
    public bool ValueFromPipelineByPropertyName { get; set; }

    /// <summary>The canonical "Accept pipeline input" text for these settings.</summary>
    [JsonIgnore]
    public string PipelineInput => YamlBlocks.Pipeline(ValueFromPipeline, ValueFromPipelineByPropertyName);
}
