namespace PoetryReactor.HelpBuilder;

/// <summary>
/// PlatyPS's Update-MarkdownHelp: brings command pages in line with the commands' metadata.
/// A missing page is created from a template with <c>{{ Fill ... }}</c> placeholders; an
/// existing page gets SYNTAX and every parameter's yaml rewritten from the metadata, sections
/// for new parameters, and loses sections of parameters the command no longer has. Written
/// prose (synopsis, description, examples, parameter descriptions, notes, links) is kept.
/// The result is deterministic: updating twice gives the same bytes.
/// </summary>
public static class Updater
{
    /// <summary>What an update did, and the pages it could not read.</summary>
    public sealed record Result(List<string> Log, List<Diagnostic> Errors);

    /// <summary>
    /// Updates or creates <c>&lt;Command&gt;.md</c> in <paramref name="docs"/> for every command in
    /// <paramref name="metadata"/>. A page with parse errors is reported and left untouched.
    /// </summary>
    public static Result Update(string docs, ModuleMetadata metadata)
    {
        var log = new List<string>();
        var errors = new List<Diagnostic>();
        Directory.CreateDirectory(docs);
        foreach (var command in metadata.Commands.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase))
        {
            string path = Path.Combine(docs, command.Name + ".md");
            bool exists = File.Exists(path);
            string before = exists ? File.ReadAllText(path) : "";
            var (page, parseErrors) = exists ? PageParser.Parse(path, before) : (new HelpPage { File = path }, []);
            if (parseErrors.Count > 0)
            {
                errors.AddRange(parseErrors);
                continue;
            }
            log.AddRange(Merge(page, command, metadata.Module).Select(m => $"{path}: {m}"));
            string after = PageRenderer.Render(page);
            if (after == before) continue;
            File.WriteAllText(path, after);
            log.Add($"{path}: {(exists ? "updated" : "created")}");
        }
        return new Result(log, errors);
    }

    /// <summary>
    /// Merges <paramref name="command"/>'s metadata into <paramref name="page"/> in place and
    /// returns notes on what was removed. Sections the page lacks get template placeholders.
    /// </summary>
    public static List<string> Merge(HelpPage page, CommandMetadata command, string module)
    {
        var notes = new List<string>();
        page.Name = command.Name;
        MergeFrontMatter(page, command, module);
        AddMissingSections(page, command);

        page.Syntax.Clear();
        foreach (string set in command.OrderedSets())
            page.Syntax.Add(new SyntaxDoc(set, command.IsDefault(set), command.SyntaxLine(set), 0));

        var kept = page.Parameters.ToList();
        foreach (var gone in kept.Where(d => command.Find(d.Name) is null))
            notes.Add($"removed '-{gone.Name}': {command.Name} has no such parameter any more");
        page.Parameters.Clear();
        foreach (var meta in command.Parameters.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
        {
            var old = kept.FirstOrDefault(d => d.Name.Equals(meta.Name, StringComparison.OrdinalIgnoreCase));
            var doc = new ParameterDoc { Name = meta.Name, Line = old?.Line ?? 0, Description = old?.Description ?? $"{{{{ Fill {meta.Name} Description }}}}" };
            doc.Blocks.AddRange(Blocks(command, meta, old?.Blocks.FirstOrDefault()));
            page.Parameters.Add(doc);
        }
        if (command.CmdletBinding) page.CommonParameters ??= CommonParametersText;
        return notes;
    }

    /// <summary>
    /// The yaml blocks for <paramref name="meta"/>: one per group of sets in which it has the same
    /// Required, Position and pipeline settings; <c>(All)</c> when one group covers every set.
    /// Default value and wildcard support are not in the metadata, so they come from <paramref name="old"/>.
    /// </summary>
    static IEnumerable<ParameterYaml> Blocks(CommandMetadata command, ParameterMetadata meta, ParameterYaml? old)
    {
        var sets = command.OrderedSets();
        var groups = new List<(ParameterSetMetadata Settings, List<string> Sets)>();
        foreach (string set in sets)
        {
            if (meta.In(set) is not { } s) continue;
            int i = groups.FindIndex(g => g.Settings.Mandatory == s.Mandatory && g.Settings.Position == s.Position && g.Settings.PipelineInput == s.PipelineInput);
            if (i >= 0) groups[i].Sets.Add(set);
            else groups.Add((s, [set]));
        }
        bool all = groups.Count == 1 && groups[0].Sets.Count == sets.Count;
        return groups.Select(g => new ParameterYaml
        {
            Type = meta.Type,
            ParameterSets = all ? [] : g.Sets,
            Aliases = meta.Aliases.ToList(),
            AcceptedValues = meta.AcceptedValues.ToList(),
            Required = g.Settings.Mandatory,
            Position = g.Settings.Position,
            DefaultValue = old?.DefaultValue ?? "None",
            PipelineInput = g.Settings.PipelineInput,
            Globbing = old?.Globbing ?? false,
        });
    }

    static void MergeFrontMatter(HelpPage page, CommandMetadata command, string module)
    {
        var values = new Dictionary<string, string>
        {
            ["external help file"] = command.HelpFile is { Length: > 0 } h ? h : $"{module}-help.xml",
            ["Module Name"] = module,
            ["online version"] = page.Meta("online version") ?? "",
            ["schema"] = Validator.Schema,
        };
        foreach (string key in PageRenderer.FrontMatterKeys) page.SetMeta(key, values[key]);
    }

    static void AddMissingSections(HelpPage page, CommandMetadata command)
    {
        string Inputs()
        {
            var types = command.Parameters
                .Where(p => p.Sets.Any(s => s.ValueFromPipeline || s.ValueFromPipelineByPropertyName))
                .Select(p => p.TypeFullName ?? p.Type).Distinct().ToList();
            return string.Join("\n\n", (types.Count > 0 ? types : ["None"]).Select(t => $"### {t}"));
        }
        string Outputs() => string.Join("\n\n", (command.OutputTypes.Count > 0 ? command.OutputTypes : ["System.Object"]).Select(t => $"### {t}"));

        var templates = new Dictionary<string, Func<string>>
        {
            ["SYNOPSIS"] = () => "{{ Fill in the Synopsis }}",
            ["DESCRIPTION"] = () => "{{ Fill in the Description }}",
            ["EXAMPLES"] = () => "### Example 1\n\n```powershell\nPS C:\\> {{ Add example code here }}\n```\n\n{{ Add example description here }}",
            ["INPUTS"] = Inputs,
            ["OUTPUTS"] = Outputs,
            ["NOTES"] = () => "",
            ["RELATED LINKS"] = () => "",
        };
        foreach (var (section, template) in templates)
            if (!page.Sections.ContainsKey(section))
                page.Sections[section] = new PageSection(section, 0, template());
    }

    /// <summary>The text PlatyPS writes under <c>### CommonParameters</c>.</summary>
    public const string CommonParametersText =
        "This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable,\n" +
        "-InformationAction, -InformationVariable, -OutBuffer, -OutVariable, -PipelineVariable,\n" +
        "-ProgressAction, -Verbose, -WarningAction, and -WarningVariable. For more information, see\n" +
        "[about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).";
}
