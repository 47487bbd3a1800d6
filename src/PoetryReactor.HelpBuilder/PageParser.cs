using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace PoetryReactor.HelpBuilder;

/// <summary>
/// Reads a command page written in PlatyPS markdown schema 2.0.0 into a <see cref="HelpPage"/>.
/// Reports what makes the page unreadable (unknown or repeated sections, text outside a
/// section, a parameter without a yaml block, malformed yaml, an example without code,
/// a parameter documented twice). Whether required sections are present is the
/// <see cref="Validator"/>'s business, so that an update can still repair such a page.
/// </summary>
public static partial class PageParser
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="file"/> is the path diagnostics print.</summary>
    public static (HelpPage Page, List<Diagnostic> Errors) Parse(string file, string text)
    {
        var reader = new Reader(file, Normalize(text));
        reader.Read();
        return (reader.Page, reader.Errors);
    }

    /// <summary>Unix line endings, no BOM: every reader and writer here works on that.</summary>
    public static string Normalize(string text) => text.TrimStart('\uFEFF').Replace("\r\n", "\n").Replace('\r', '\n');

    sealed class Reader(string file, string source)
    {
        public HelpPage Page { get; } = new() { File = file };
        public List<Diagnostic> Errors { get; } = [];

        void Error(int line, string message) => Errors.Add(new(file, line, message));

        static int LineOf(Block b) => b.Line + 1;

        string Raw(IReadOnlyList<Block> blocks) => blocks.Count == 0
            ? ""
            : source[blocks[0].Span.Start..Math.Min(source.Length, blocks[^1].Span.End + 1)].Trim();

        string RawEach(IEnumerable<Block> blocks) =>
            string.Join("\n\n", blocks.Select(b => MarkdownText.Slice(source, b).Trim()));

        static string HeadingText(HeadingBlock h) => MarkdownText.Inline(h.Inline);

        public void Read()
        {
            var doc = Markdown.Parse(source, MarkdownText.Pipeline);
            string? section = null;
            int sectionLine = 0;
            var body = new List<Block>();
            foreach (var block in doc)
            {
                switch (block)
                {
                    case YamlFrontMatterBlock fm:
                        ReadFrontMatter(fm);
                        break;
                    case HeadingBlock { Level: 1 } h1 when Page.Name is null && section is null:
                        Page.Name = HeadingText(h1);
                        Page.NameLine = LineOf(h1);
                        break;
                    case HeadingBlock { Level: 1 } h1:
                        Error(LineOf(h1), $"a page documents one command: unexpected second '# {HeadingText(h1)}' heading");
                        break;
                    case HeadingBlock { Level: 2 } h2:
                        if (section is not null) ReadSection(section, sectionLine, body);
                        section = HeadingText(h2);
                        sectionLine = LineOf(h2);
                        body = [];
                        break;
                    default:
                        if (section is null) Error(LineOf(block), "text outside any '## SECTION'");
                        else body.Add(block);
                        break;
                }
            }
            if (section is not null) ReadSection(section, sectionLine, body);
        }

        void ReadFrontMatter(YamlFrontMatterBlock fm)
        {
            // The block spans both '---' lines; the yaml is what lies between them.
            string[] lines = MarkdownText.Slice(source, fm).Split('\n');
            string yaml = string.Join('\n', lines.Skip(1).Take(Math.Max(0, lines.Length - 2)));
            var entries = YamlBlocks.ParseMapping(yaml, LineOf(fm) + 1, file, "the front matter", Errors);
            foreach (var (key, value, line) in entries ?? [])
            {
                Page.FrontMatter.Add(new(key, value));
                Page.FrontMatterLines[key] = line;
            }
        }

        void ReadSection(string heading, int line, List<Block> body)
        {
            string name = heading.ToUpperInvariant();
            if (!HelpPage.SectionOrder.Contains(name))
            {
                Error(line, $"unknown section '## {heading}'{Names.Suggest(heading, HelpPage.SectionOrder)}");
                return;
            }
            if (Page.Sections.TryGetValue(name, out var first))
            {
                Error(line, $"duplicate section '## {name}' (first at line {first.Line})");
                return;
            }
            Page.Sections[name] = new PageSection(name, line, Raw(body));
            switch (name)
            {
                case "SYNTAX": ReadSyntax(body); break;
                case "EXAMPLES": ReadExamples(body); break;
                case "PARAMETERS": ReadParameters(body); break;
                case "INPUTS": ReadTypes(body, Page.Inputs); break;
                case "OUTPUTS": ReadTypes(body, Page.Outputs); break;
                case "RELATED LINKS": ReadLinks(Raw(body)); break;
            }
        }

        /// <summary>Splits a section body at its third-level headings.</summary>
        static (List<Block> Lead, List<(HeadingBlock Heading, List<Block> Body)> Subs) Split(List<Block> body)
        {
            var lead = new List<Block>();
            var subs = new List<(HeadingBlock, List<Block>)>();
            foreach (var block in body)
            {
                if (block is HeadingBlock { Level: 3 } h3) subs.Add((h3, []));
                else if (subs.Count == 0) lead.Add(block);
                else subs[^1].Item2.Add(block);
            }
            return (lead, subs);
        }

        void ReadSyntax(List<Block> body)
        {
            var (lead, subs) = Split(body);
            // A lone code block without a set heading is the one and only set.
            if (lead.OfType<FencedCodeBlock>().FirstOrDefault() is { } loneCode && subs.Count == 0)
                Page.Syntax.Add(new SyntaxDoc("__AllParameterSets", false, Code(loneCode), LineOf(loneCode)));
            foreach (var (h, blocks) in subs)
            {
                string title = HeadingText(h);
                bool isDefault = title.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase);
                string set = isDefault ? title[..^"(Default)".Length].Trim() : title;
                if (blocks.OfType<FencedCodeBlock>().FirstOrDefault() is { } code)
                    Page.Syntax.Add(new SyntaxDoc(set, isDefault, Code(code), LineOf(h)));
                else
                    Error(LineOf(h), $"parameter set '{set}' has no ``` syntax block");
            }
        }

        void ReadExamples(List<Block> body)
        {
            var (lead, subs) = Split(body);
            if (lead.Count > 0) Error(LineOf(lead[0]), "text before the first '### Example' heading");
            foreach (var (h, blocks) in subs)
            {
                string title = HeadingText(h);
                var codes = blocks.OfType<FencedCodeBlock>().ToList();
                if (codes.Count == 0)
                {
                    Error(LineOf(h), $"example '{title}' has no ```powershell code block");
                    continue;
                }
                // The first fence is the code; a later fence without a language is its output.
                var output = codes.Skip(1).FirstOrDefault(c => string.IsNullOrEmpty(c.Info));
                var remarks = blocks.Where(b => b != codes[0] && b != output);
                Page.Examples.Add(new ExampleDoc(title, Code(codes[0]), output is null ? null : Code(output), RawEach(remarks), LineOf(h)));
            }
        }

        void ReadParameters(List<Block> body)
        {
            var (lead, subs) = Split(body);
            if (lead.Count > 0) Error(LineOf(lead[0]), "text before the first '### -Parameter' heading");
            foreach (var (h, blocks) in subs)
            {
                string title = HeadingText(h);
                if (title.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase))
                {
                    Page.CommonParameters = Raw(blocks);
                    continue;
                }
                if (!title.StartsWith('-') || title.Length < 2 || title.Contains(' '))
                {
                    Error(LineOf(h), $"'### {title}' in PARAMETERS: expected '### -ParameterName' or '### CommonParameters'");
                    continue;
                }
                string name = title[1..];
                if (Page.Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } dup)
                {
                    Error(LineOf(h), $"duplicate parameter '-{name}' (first documented at line {dup.Line})");
                    continue;
                }
                var parameter = new ParameterDoc { Name = name, Line = LineOf(h) };
                var yamls = blocks.OfType<FencedCodeBlock>().Where(IsYaml).ToList();
                if (yamls.Count == 0)
                    Error(LineOf(h), $"parameter '-{name}' has no ```yaml block (Type, Parameter Sets, Aliases, Required, Position, ...)");
                foreach (var y in yamls)
                {
                    if (YamlBlocks.ParseParameter(Code(y), LineOf(y), name, file, Errors) is { } parsed)
                        parameter.Blocks.Add(parsed);
                }
                parameter.Description = RawEach(blocks.Where(b => !yamls.Contains(b)));
                Page.Parameters.Add(parameter);
            }
        }

        static bool IsYaml(FencedCodeBlock code) =>
            string.Equals(code.Info, "yaml", StringComparison.OrdinalIgnoreCase) || string.Equals(code.Info, "yml", StringComparison.OrdinalIgnoreCase);

        void ReadTypes(List<Block> body, List<TypeDoc> types)
        {
            var (lead, subs) = Split(body);
            // PlatyPS also accepts a bare type name without a heading.
            if (subs.Count == 0)
            {
                foreach (var p in lead.OfType<ParagraphBlock>())
                    types.Add(new TypeDoc(MarkdownText.Inline(p.Inline), ""));
                return;
            }
            if (lead.Count > 0) Error(LineOf(lead[0]), "text before the first '### TypeName' heading");
            foreach (var (h, blocks) in subs)
                types.Add(new TypeDoc(HeadingText(h), Raw(blocks)));
        }

        void ReadLinks(string raw)
        {
            foreach (string rawLine in raw.Split('\n'))
            {
                string line = rawLine.Trim().TrimStart('-', '*', '+').Trim();
                if (line.Length == 0) continue;
                var links = LinkPattern().Matches(line);
                if (links.Count == 0) Page.Links.Add(new RelatedLink(line, ""));
                foreach (Match m in links) Page.Links.Add(new RelatedLink(m.Groups[1].Value, m.Groups[2].Value.Trim()));
            }
        }

        static string Code(FencedCodeBlock code) => code.Lines.ToString().TrimEnd();
    }

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)]*)\)")]
    private static partial Regex LinkPattern();
}
