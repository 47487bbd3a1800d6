using System.Text;

namespace PoetryReactor.HelpBuilder;

/// <summary>
/// Turns an <c>about_Name.md</c> page into the plain text of <c>about_Name.help.txt</c>,
/// laid out like PowerShell's own about topics: <c>TOPIC</c>, upper-cased section headings at
/// the margin, text indented four spaces and wrapped, code indented eight and left as written.
/// Get-Help takes the topic's synopsis from the text under <c>SHORT DESCRIPTION</c>.
/// </summary>
public static class AboutTopicWriter
{
    /// <summary>The width text is wrapped to.</summary>
    public const int Width = 80;

    const string Indent = "    ";

    /// <summary>
    /// The about topic text, or the problems that stop it being written: the first heading must be
    /// <c># about_Name</c> matching the file, and a <c>## SHORT DESCRIPTION</c> section must exist.
    /// </summary>
    public static (string? Text, List<Diagnostic> Errors) Write(string file, string markdown)
    {
        markdown = PageParser.Normalize(markdown);
        var errors = new List<Diagnostic>();
        var blocks = MarkdownText.Blocks(markdown);
        string topic = Path.GetFileNameWithoutExtension(file);
        if (blocks.FirstOrDefault() is not { Kind: TextKind.Heading, Level: 1 } title)
            errors.Add(new(file, 1, $"an about topic starts with '# {topic}'"));
        else if (!title.Text.Equals(topic, StringComparison.OrdinalIgnoreCase))
            errors.Add(new(file, 1, $"the heading '# {title.Text}' does not match the file name '{topic}'"));
        if (!blocks.Any(b => b is { Kind: TextKind.Heading, Level: 2 } && b.Text.Equals("SHORT DESCRIPTION", StringComparison.OrdinalIgnoreCase)))
            errors.Add(new(file, 1, "missing section '## SHORT DESCRIPTION' (Get-Help shows it as the topic's synopsis)"));
        if (errors.Count > 0) return (null, errors);

        var sb = new StringBuilder();
        TextBlock? previous = null;
        foreach (var block in blocks)
        {
            // A heading's text and consecutive list items follow without a blank line.
            bool tight = (previous is { Kind: TextKind.Heading } && block.Kind != TextKind.Heading)
                || (previous?.Kind == TextKind.ListItem && block.Kind == TextKind.ListItem);
            if (previous is not null && !tight) sb.Append('\n');
            Render(block, sb);
            previous = block;
        }
        return (sb.ToString(), errors);
    }

    static void Render(TextBlock block, StringBuilder sb)
    {
        switch (block.Kind)
        {
            case TextKind.Heading when block.Level == 1:
                sb.Append("TOPIC\n").Append(Indent).Append(block.Text).Append('\n');
                break;
            case TextKind.Heading when block.Level == 2:
                sb.Append(block.Text.ToUpperInvariant()).Append('\n');
                break;
            case TextKind.Heading:
                sb.Append(Indent).Append(block.Text).Append('\n');
                break;
            case TextKind.Code:
                foreach (string line in block.Text.Split('\n'))
                    sb.Append((Indent + Indent + line).TrimEnd()).Append('\n');
                break;
            case TextKind.ListItem:
                string margin = Indent + new string(' ', 2 * block.Level);
                Wrap(block.Text, margin + block.Bullet + " ", margin + new string(' ', block.Bullet.Length + 1), sb);
                break;
            default:
                foreach (string line in block.Text.Split('\n'))
                    Wrap(line, Indent, Indent, sb);
                break;
        }
    }

    /// <summary>
    /// Greedy word wrap to <see cref="Width"/>; the first line starts with <paramref name="first"/>,
    /// the others with <paramref name="rest"/>. A word longer than the line stands alone.
    /// </summary>
    public static void Wrap(string text, string first, string rest, StringBuilder sb)
    {
        var line = new StringBuilder(first);
        bool empty = true;
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > Width)
            {
                sb.Append(line).Append('\n');
                line.Clear().Append(rest);
                empty = true;
            }
            if (!empty) line.Append(' ');
            line.Append(word);
            empty = false;
        }
        sb.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
