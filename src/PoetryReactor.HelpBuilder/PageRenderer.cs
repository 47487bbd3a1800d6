using System.Text;

namespace PoetryReactor.HelpBuilder;

/// <summary>
/// Writes a <see cref="HelpPage"/> back as PlatyPS schema 2.0.0 markdown. SYNTAX and the
/// parameter yaml come from the model; every other section is the author's raw markdown.
/// The output is canonical (fixed section order, one blank line between blocks, LF), so
/// parsing and rendering it again gives the same bytes.
/// </summary>
public static class PageRenderer
{
    /// <summary>Front matter keys every page carries, in the order a new page lists them.</summary>
    public static readonly string[] FrontMatterKeys = ["external help file", "Module Name", "online version", "schema"];

    /// <summary>The markdown for <paramref name="page"/>.</summary>
    public static string Render(HelpPage page)
    {
        var blocks = new List<string> { FrontMatter(page), $"# {page.Name}" };
        foreach (string section in HelpPage.SectionOrder)
        {
            blocks.Add($"## {section}");
            switch (section)
            {
                case "SYNTAX":
                    blocks.AddRange(page.Syntax.Select(Syntax));
                    break;
                case "PARAMETERS":
                    blocks.AddRange(page.Parameters.SelectMany(Parameter));
                    if (page.CommonParameters is not null)
                        blocks.AddRange(["### CommonParameters", page.CommonParameters]);
                    break;
                default:
                    blocks.Add(page.Raw(section));
                    break;
            }
        }
        return string.Join("\n\n", blocks.Where(b => b.Length > 0)) + "\n";
    }

    static string FrontMatter(HelpPage page)
    {
        var sb = new StringBuilder("---\n");
        foreach (var (key, value) in page.FrontMatter)
            sb.Append(key).Append(':').Append(value.Length > 0 ? " " + Scalar(value) : "").Append('\n');
        return sb.Append("---").ToString();
    }

    static string Syntax(SyntaxDoc s)
    {
        string heading = s.IsDefault && s.SetName != CommandMetadata.AllSets ? $"{s.SetName} (Default)" : s.SetName;
        return $"### {heading}\n\n```\n{s.Code}\n```";
    }

    static IEnumerable<string> Parameter(ParameterDoc p)
    {
        yield return $"### -{p.Name}";
        yield return p.Description;
        foreach (var block in p.Blocks) yield return "```yaml\n" + Yaml(block) + "```";
    }

    /// <summary>A parameter's yaml block body, in PlatyPS's key order and layout.</summary>
    public static string Yaml(ParameterYaml y)
    {
        var sb = new StringBuilder();
        void Line(string key, string value) => sb.Append(key).Append(':').Append(value.Length > 0 ? " " + Scalar(value) : "").Append('\n');
        Line("Type", y.Type);
        Line("Parameter Sets", y.AllSets ? "(All)" : string.Join(", ", y.ParameterSets));
        Line("Aliases", string.Join(", ", y.Aliases));
        if (y.AcceptedValues.Count > 0) Line("Accepted values", string.Join(", ", y.AcceptedValues));
        sb.Append('\n');
        Line("Required", y.Required ? "True" : "False");
        Line("Position", Validator.Show(y.Position));
        Line("Default value", y.DefaultValue);
        Line("Accept pipeline input", y.PipelineInput);
        Line("Accept wildcard characters", y.Globbing ? "True" : "False");
        return sb.ToString();
    }

    /// <summary>A yaml scalar, single-quoted only when plain style would change its meaning.</summary>
    public static string Scalar(string value)
    {
        if (value.Length == 0) return "''";
        // "(All)", "True (ByValue)" and URLs stay plain; "-1" is plain too, "- x" would be a list.
        bool specialStart = "[]{}&*!|>'\"%@`#,?:".IndexOf(value[0]) >= 0 || value.StartsWith("- ", StringComparison.Ordinal);
        bool plain = !specialStart && !value.Contains(": ") && !value.Contains(" #") && !value.EndsWith(':') && value.Trim() == value;
        return plain ? value : "'" + value.Replace("'", "''") + "'";
    }
}
