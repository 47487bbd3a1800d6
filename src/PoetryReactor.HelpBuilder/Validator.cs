using System.Text.RegularExpressions;

namespace PoetryReactor.HelpBuilder;

/// <summary>
/// Checks a parsed page for what the compiler needs (front matter, the command heading,
/// the required sections, parameter sets that exist) and, given the command's metadata,
/// that the page documents exactly the command's parameters with the right settings.
/// </summary>
public static partial class Validator
{
    /// <summary>The schema this tool reads and writes.</summary>
    public const string Schema = "2.0.0";

    /// <summary>
    /// Problems in <paramref name="page"/>. <paramref name="module"/> and <paramref name="helpFile"/>,
    /// when given, must match the front matter; <paramref name="command"/>, when given, is what the
    /// page must agree with.
    /// </summary>
    public static List<Diagnostic> Check(HelpPage page, string? module = null, string? helpFile = null, CommandMetadata? command = null)
    {
        var errors = new List<Diagnostic>();
        void Error(int line, string message) => errors.Add(new(page.File, line, message));

        CheckFrontMatter(page, module, helpFile, Error);
        if (page.Name is null) Error(1, "missing '# Verb-Noun' command heading");
        else if (Path.GetFileNameWithoutExtension(page.File) is var stem && !stem.Equals(page.Name, StringComparison.OrdinalIgnoreCase))
            Error(page.NameLine, $"the page is '{stem}.md' but documents '{page.Name}'");

        foreach (string section in HelpPage.RequiredSections.Where(s => !page.Sections.ContainsKey(s)))
            Error(page.NameLine, $"missing required section '## {section}'");
        if (page.Sections.TryGetValue("SYNTAX", out var syntax) && page.Syntax.Count == 0)
            Error(syntax.Line, "SYNTAX has no '### SetName' heading with a ``` syntax block");

        var documentedSets = page.Syntax.Select(s => s.SetName).ToList();
        foreach (var p in page.Parameters)
            foreach (var block in p.Blocks)
                foreach (string set in block.ParameterSets.Where(s => documentedSets.Count > 0 && !documentedSets.Contains(s, StringComparer.OrdinalIgnoreCase)))
                    Error(block.LineOf("Parameter Sets"), $"'-{p.Name}' names parameter set '{set}', which SYNTAX does not have{Names.Suggest(set, documentedSets)}");

        if (command is not null) CheckAgainst(page, command, Error);
        return errors;
    }

    static void CheckFrontMatter(HelpPage page, string? module, string? helpFile, Action<int, string> error)
    {
        if (page.FrontMatter.Count == 0)
        {
            error(1, $"missing yaml front matter (---, 'schema: {Schema}', ---)");
            return;
        }
        int Line(string key) => page.FrontMatterLines.TryGetValue(key, out int l) ? l : 1;
        if (page.Meta("schema") != Schema)
            error(Line("schema"), $"front matter 'schema' must be {Schema}, not '{page.Meta("schema") ?? "(missing)"}'");
        if (module is not null && page.Meta("Module Name") != module)
            error(Line("Module Name"), $"front matter 'Module Name' is '{page.Meta("Module Name")}', expected '{module}'");
        if (helpFile is not null && page.Meta("external help file") != helpFile)
            error(Line("external help file"), $"front matter 'external help file' is '{page.Meta("external help file")}', expected '{helpFile}'");
    }

    /// <summary>
    /// Placeholders that <c>update</c> writes into a new page (<c>{{ Fill ... }}</c>,
    /// <c>{{ Add ... }}</c>) and that are still in <paramref name="text"/>, one error each.
    /// </summary>
    public static List<Diagnostic> Placeholders(string file, string text)
    {
        var errors = new List<Diagnostic>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
            foreach (Match m in Placeholder().Matches(lines[i]))
                errors.Add(new(file, i + 1, $"placeholder '{m.Value}' left from the page skeleton: write the text"));
        return errors;
    }

    [GeneratedRegex(@"\{\{\s*(Fill|Add)\b[^}]*\}\}")]
    private static partial Regex Placeholder();

    static void CheckAgainst(HelpPage page, CommandMetadata command, Action<int, string> error)
    {
        CheckSyntax(page, command, error);
        int parametersLine = page.Sections.TryGetValue("PARAMETERS", out var s) ? s.Line : page.NameLine;
        foreach (var missing in command.Parameters.Where(m => !page.Parameters.Any(p => p.Name.Equals(m.Name, StringComparison.OrdinalIgnoreCase))))
            error(parametersLine, $"parameter '-{missing.Name}' of {command.Name} is not documented (run update to add it)");

        var sets = command.OrderedSets();
        foreach (var doc in page.Parameters)
        {
            var meta = command.Find(doc.Name);
            if (meta is null)
            {
                error(doc.Line, $"'-{doc.Name}' is documented but {command.Name} has no such parameter{Names.Suggest(doc.Name, command.Parameters.Select(p => p.Name))}");
                continue;
            }
            if (doc.Blocks.Count == 0) continue; // already reported by the parser
            foreach (var block in doc.Blocks)
            {
                if (!meta.TypeMatches(block.Type))
                    error(block.LineOf("Type"), $"'-{doc.Name}' Type is '{block.Type}' but the command's is '{meta.Type}'");
                foreach (string named in block.ParameterSets.Where(n => !sets.Contains(n, StringComparer.OrdinalIgnoreCase)))
                    error(block.LineOf("Parameter Sets"), $"'-{doc.Name}' names parameter set '{named}', which {command.Name} does not have");
            }
            foreach (string set in sets)
            {
                if (meta.In(set) is not { } actual) continue;
                var block = doc.Blocks.FirstOrDefault(b => b.Covers(set));
                if (block is null)
                {
                    error(doc.Line, $"'-{doc.Name}' is in parameter set '{set}' but no yaml block describes that set");
                    continue;
                }
                string where = sets.Count > 1 ? $" in set '{set}'" : "";
                if (block.Required != actual.Mandatory)
                    error(block.LineOf("Required"), $"'-{doc.Name}' Required is {block.Required}{where} but the command says {actual.Mandatory}");
                if (block.Position != actual.Position)
                    error(block.LineOf("Position"), $"'-{doc.Name}' Position is {Show(block.Position)}{where} but the command says {Show(actual.Position)}");
                if (block.PipelineInput != actual.PipelineInput)
                    error(block.LineOf("Accept pipeline input"), $"'-{doc.Name}' Accept pipeline input is '{block.PipelineInput}'{where} but the command says '{actual.PipelineInput}'");
            }
        }
    }

    /// <summary>SYNTAX has one block per parameter set, each the line Get-Command shows for it.</summary>
    static void CheckSyntax(HelpPage page, CommandMetadata command, Action<int, string> error)
    {
        var sets = command.OrderedSets();
        int syntaxLine = page.Sections.TryGetValue("SYNTAX", out var section) ? section.Line : page.NameLine;
        if (page.Syntax.Count == 0) return; // already reported
        foreach (string set in sets.Where(set => !page.Syntax.Any(d => d.SetName.Equals(set, StringComparison.OrdinalIgnoreCase))))
            error(syntaxLine, $"SYNTAX has no block for parameter set '{set}' of {command.Name} (run update to add it)");
        foreach (var doc in page.Syntax)
        {
            string? set = sets.FirstOrDefault(s => s.Equals(doc.SetName, StringComparison.OrdinalIgnoreCase));
            if (set is null)
            {
                error(doc.Line, $"SYNTAX names parameter set '{doc.SetName}', which {command.Name} does not have{Names.Suggest(doc.SetName, sets)}");
                continue;
            }
            if (doc.IsDefault != command.IsDefault(set))
                error(doc.Line, command.IsDefault(set)
                    ? $"SYNTAX set '{set}' is the default set of {command.Name}: write '### {set} (Default)'"
                    : $"SYNTAX marks set '{set}' as the default but {command.Name}'s default is '{command.DefaultParameterSet}'");
            string written = string.Join(' ', doc.Code.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
            string expected = command.SyntaxLine(set);
            if (written != expected)
                error(doc.Line, $"SYNTAX of set '{set}' is '{written}' but the command's is '{expected}' (run update to rewrite it)");
        }
    }

    /// <summary>A position as the yaml writes it.</summary>
    public static string Show(int? position) => position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "Named";
}
