namespace PoetryReactor.HelpBuilder;

/// <summary>
/// A command's help page (PlatyPS markdown schema 2.0.0) as parsed from markdown.
/// Prose is kept as the author's raw markdown so an update can write it back unchanged;
/// the compiler turns it into paragraphs only when it writes MAML.
/// </summary>
public sealed class HelpPage
{
    /// <summary>The canonical second-level sections, in the order they are written.</summary>
    public static readonly string[] SectionOrder =
    [
        "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS",
        "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS",
    ];

    /// <summary>Sections a page must have; NOTES and RELATED LINKS may be left out.</summary>
    public static readonly string[] RequiredSections =
        ["SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS"];

    /// <summary>Path of the markdown file, as diagnostics should print it.</summary>
    public required string File { get; init; }

    /// <summary>Front matter keys and values, in file order.</summary>
    public List<KeyValuePair<string, string>> FrontMatter { get; } = [];

    /// <summary>1-based file line of each front matter key.</summary>
    public Dictionary<string, int> FrontMatterLines { get; } = new(StringComparer.Ordinal);

    /// <summary>The command name from the <c># Verb-Noun</c> heading, or null when absent.</summary>
    public string? Name { get; set; }

    /// <summary>1-based line of the <c># Verb-Noun</c> heading (1 when absent).</summary>
    public int NameLine { get; set; } = 1;

    /// <summary>Second-level sections by canonical name.</summary>
    public Dictionary<string, PageSection> Sections { get; } = new(StringComparer.Ordinal);

    /// <summary>The SYNTAX section's parameter sets, in page order.</summary>
    public List<SyntaxDoc> Syntax { get; } = [];

    /// <summary>The EXAMPLES section's examples, in page order.</summary>
    public List<ExampleDoc> Examples { get; } = [];

    /// <summary>The documented parameters (without CommonParameters), in page order.</summary>
    public List<ParameterDoc> Parameters { get; } = [];

    /// <summary>Raw text under <c>### CommonParameters</c>, or null when that heading is absent.</summary>
    public string? CommonParameters { get; set; }

    /// <summary>The INPUTS section's types.</summary>
    public List<TypeDoc> Inputs { get; } = [];

    /// <summary>The OUTPUTS section's types.</summary>
    public List<TypeDoc> Outputs { get; } = [];

    /// <summary>The RELATED LINKS section's links.</summary>
    public List<RelatedLink> Links { get; } = [];

    /// <summary>A front matter value, or null when the key is absent.</summary>
    public string? Meta(string key) =>
        FrontMatter.FirstOrDefault(kv => kv.Key == key) is { Key: not null } kv ? kv.Value : null;

    /// <summary>Sets a front matter value, keeping its place when the key already exists.</summary>
    public void SetMeta(string key, string value)
    {
        int i = FrontMatter.FindIndex(kv => kv.Key == key);
        if (i >= 0) FrontMatter[i] = new(key, value);
        else FrontMatter.Add(new(key, value));
    }

    /// <summary>The raw body of a section, or the empty string when the page lacks it.</summary>
    public string Raw(string section) => Sections.TryGetValue(section, out var s) ? s.Raw : "";
}

/// <summary>A second-level section: its heading line and raw markdown body.</summary>
public sealed record PageSection(string Name, int Line, string Raw);

/// <summary>One parameter set's syntax block.</summary>
public sealed record SyntaxDoc(string SetName, bool IsDefault, string Code, int Line);

/// <summary>
/// One example: its title, the code block, an optional output block, and the prose remarks.
/// </summary>
public sealed record ExampleDoc(string Title, string Code, string? Output, string Remarks, int Line);

/// <summary>One <c>### -Name</c> section: its prose and one yaml block per group of parameter sets.</summary>
public sealed class ParameterDoc
{
    /// <summary>The parameter name without the leading dash.</summary>
    public required string Name { get; init; }

    /// <summary>1-based line of the heading.</summary>
    public int Line { get; init; }

    /// <summary>The description as raw markdown (every block of the section but the yaml ones).</summary>
    public string Description { get; set; } = "";

    /// <summary>The yaml blocks, each describing the parameter in some parameter sets.</summary>
    public List<ParameterYaml> Blocks { get; } = [];
}

/// <summary>
/// The fields of a parameter's yaml block. <see cref="KeyLines"/> maps each key to its
/// 1-based file line so a disagreement can be reported where it is written.
/// </summary>
public sealed class ParameterYaml
{
    public string Type { get; set; } = "";
    /// <summary>The named sets, or empty for <c>(All)</c>.</summary>
    public List<string> ParameterSets { get; set; } = [];
    public List<string> Aliases { get; set; } = [];
    public List<string> AcceptedValues { get; set; } = [];
    public bool Required { get; set; }
    /// <summary>The position as an integer, or null for <c>Named</c>.</summary>
    public int? Position { get; set; }
    public string DefaultValue { get; set; } = "None";
    /// <summary>As written: <c>False</c>, <c>True (ByValue)</c>, <c>True (ByPropertyName)</c>, <c>True (ByPropertyName, ByValue)</c>.</summary>
    public string PipelineInput { get; set; } = "False";
    public bool Globbing { get; set; }
    /// <summary>1-based line of the opening fence.</summary>
    public int Line { get; set; }
    public Dictionary<string, int> KeyLines { get; } = new(StringComparer.Ordinal);

    /// <summary>True when the block applies to every parameter set.</summary>
    public bool AllSets => ParameterSets.Count == 0;

    /// <summary>Whether this block describes the parameter in <paramref name="set"/>.</summary>
    public bool Covers(string set) => AllSets || ParameterSets.Contains(set, StringComparer.OrdinalIgnoreCase);

    /// <summary>The line of <paramref name="key"/>, or the fence line when the key is absent.</summary>
    public int LineOf(string key) => KeyLines.TryGetValue(key, out int l) ? l : Line;
}

/// <summary>An INPUTS or OUTPUTS entry: a type name and raw prose about it.</summary>
public sealed record TypeDoc(string Name, string Description);

/// <summary>A related link; <see cref="Uri"/> is empty for a plain-text reference.</summary>
public sealed record RelatedLink(string Text, string Uri);
