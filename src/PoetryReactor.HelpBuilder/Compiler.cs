using System.Text;

namespace PoetryReactor.HelpBuilder;

/// <summary>
/// The <c>build</c> command: reads every page in a docs folder, validates it, and writes one MAML
/// file for the command pages plus an <c>about_Name.help.txt</c> per about topic. Nothing is
/// written when any page has an error.
/// </summary>
public static class Compiler
{
    /// <summary>What a build produced, or the errors that stopped it.</summary>
    public sealed record Result(List<Diagnostic> Errors, List<string> Written);

    /// <summary>
    /// Compiles <paramref name="docs"/> into <paramref name="output"/>. <paramref name="assembly"/>
    /// names the MAML file (<c>&lt;assembly&gt;-Help.xml</c>); the page named after the
    /// <paramref name="module"/> (a module page) is skipped. With <paramref name="metadata"/>,
    /// pages must document exactly the commands and parameters it lists.
    /// </summary>
    public static Result Build(string docs, string output, string module, string assembly, ModuleMetadata? metadata = null)
    {
        var errors = new List<Diagnostic>();
        var written = new List<string>();
        if (!Directory.Exists(docs))
            return new([new(docs, 0, "docs folder not found")], written);

        string helpFile = assembly + "-Help.xml";
        var pages = new List<HelpPage>();
        var abouts = new List<(string Name, string Text)>();
        foreach (string path in Directory.GetFiles(docs, "*.md").OrderBy(p => p, StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            string text = File.ReadAllText(path);
            if (name.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
            {
                var (about, aboutErrors) = AboutTopicWriter.Write(path, text);
                errors.AddRange(aboutErrors);
                if (about is not null) abouts.Add((name, about));
                continue;
            }
            if (name.Equals(module, StringComparison.OrdinalIgnoreCase)) continue;
            var (page, parseErrors) = PageParser.Parse(path, text);
            errors.AddRange(parseErrors);
            errors.AddRange(Validator.Placeholders(path, text));
            var command = metadata?.Find(page.Name ?? name);
            if (metadata is not null && command is null)
                errors.Add(new(path, page.NameLine, $"{module} has no command '{page.Name ?? name}'"));
            errors.AddRange(Validator.Check(page, module, helpFile, command));
            pages.Add(page);
        }
        foreach (var missing in metadata?.Commands.Where(c => !pages.Any(p => c.Name.Equals(p.Name, StringComparison.OrdinalIgnoreCase))) ?? [])
            errors.Add(new(Path.Combine(docs, missing.Name + ".md"), 0, $"no help page for command '{missing.Name}' (run update to create it)"));

        if (errors.Count > 0) return new(errors, written);

        string mamlPath = Path.Combine(output, helpFile);
        MamlWriter.Save(MamlWriter.Build(pages), mamlPath);
        written.Add(mamlPath);
        foreach (var (name, text) in abouts)
        {
            string path = Path.Combine(output, name + ".help.txt");
            File.WriteAllText(path, text, new UTF8Encoding(false));
            written.Add(path);
        }
        return new(errors, written);
    }
}
