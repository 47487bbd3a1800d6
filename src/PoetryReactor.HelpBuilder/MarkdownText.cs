using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace PoetryReactor.HelpBuilder;

/// <summary>What a <see cref="TextBlock"/> is, so each writer can lay it out its own way.</summary>
public enum TextKind { Paragraph, ListItem, Code, Heading }

/// <summary>
/// A block of plain text taken from markdown. <see cref="Level"/> is the heading level or
/// the list nesting depth (0 for top-level items); <see cref="Bullet"/> is "-" or "3." for list items.
/// </summary>
public sealed record TextBlock(TextKind Kind, string Text, int Level = 0, string Bullet = "");

/// <summary>
/// Turns markdown prose into plain text blocks: emphasis markers are dropped, code spans
/// keep their backticks (as PowerShell's own help does), links keep their text.
/// </summary>
public static class MarkdownText
{
    /// <summary>The Markdig pipeline every reader in this tool shares.</summary>
    public static readonly MarkdownPipeline Pipeline =
        new MarkdownPipelineBuilder().UseYamlFrontMatter().UsePipeTables().Build();

    /// <summary>The plain text blocks of <paramref name="markdown"/>, in order.</summary>
    public static List<TextBlock> Blocks(string markdown)
    {
        var result = new List<TextBlock>();
        if (string.IsNullOrWhiteSpace(markdown)) return result;
        var doc = Markdown.Parse(markdown, Pipeline);
        foreach (var block in doc) Collect(block, markdown, 0, result);
        return result;
    }

    /// <summary>
    /// The blocks of <paramref name="markdown"/> as paragraph strings (list items carry their
    /// bullet), the shape MAML's <c>maml:para</c> elements want.
    /// </summary>
    public static List<string> Paragraphs(string markdown) =>
        Blocks(markdown)
            .Select(b => b.Kind == TextKind.ListItem ? new string(' ', 2 * b.Level) + b.Bullet + " " + b.Text : b.Text)
            .ToList();

    /// <summary>Plain text of an inline container; soft line breaks become spaces.</summary>
    public static string Inline(ContainerInline? inline)
    {
        if (inline is null) return "";
        var sb = new System.Text.StringBuilder();
        AppendInline(inline, sb);
        return sb.ToString().Trim();
    }

    static void AppendInline(Inline inline, System.Text.StringBuilder sb)
    {
        switch (inline)
        {
            case LiteralInline lit: sb.Append(lit.Content.ToString()); break;
            case CodeInline code: sb.Append('`').Append(code.Content).Append('`'); break;
            case AutolinkInline auto: sb.Append(auto.Url); break;
            case LineBreakInline br: sb.Append(br.IsHard ? "\n" : " "); break;
            case HtmlEntityInline entity: sb.Append(entity.Transcoded.ToString()); break;
            case HtmlInline: break;
            case ContainerInline container:
                foreach (var child in container) AppendInline(child, sb);
                break;
        }
    }

    static void Collect(Block block, string source, int depth, List<TextBlock> result)
    {
        switch (block)
        {
            case HeadingBlock h:
                result.Add(new TextBlock(TextKind.Heading, Inline(h.Inline), h.Level));
                break;
            case ParagraphBlock p:
                result.Add(new TextBlock(TextKind.Paragraph, Inline(p.Inline)));
                break;
            case Markdig.Extensions.Yaml.YamlFrontMatterBlock:
                break;
            case CodeBlock code: // fenced or indented
                result.Add(new TextBlock(TextKind.Code, code.Lines.ToString().TrimEnd()));
                break;
            case ListBlock list:
                CollectList(list, source, depth, result);
                break;
            case Table table: // kept as written: a table reads fine as preformatted text
                result.Add(new TextBlock(TextKind.Code, Slice(source, table).TrimEnd()));
                break;
            case HtmlBlock html:
                result.Add(new TextBlock(TextKind.Paragraph, html.Lines.ToString().Trim()));
                break;
            case ContainerBlock container: // block quotes and the like
                foreach (var child in container) Collect(child, source, depth, result);
                break;
        }
    }

    static void CollectList(ListBlock list, string source, int depth, List<TextBlock> result)
    {
        int number = int.TryParse(list.OrderedStart, out int start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            string bullet = list.IsOrdered ? $"{number++}." : "-";
            bool first = true;
            foreach (var child in item)
            {
                if (first && child is ParagraphBlock p)
                    result.Add(new TextBlock(TextKind.ListItem, Inline(p.Inline), depth, bullet));
                else if (child is ListBlock nested)
                    CollectList(nested, source, depth + 1, result);
                else
                    Collect(child, source, depth + 1, result);
                first = false;
            }
        }
    }

    /// <summary>The source text a block spans.</summary>
    public static string Slice(string source, Block block) =>
        source.Substring(block.Span.Start, Math.Min(block.Span.Length, source.Length - block.Span.Start));
}
