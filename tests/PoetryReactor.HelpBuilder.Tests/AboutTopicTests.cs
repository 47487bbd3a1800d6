namespace PoetryReactor.HelpBuilder.Tests;

public class AboutTopicTests
{
    const string About = """
        # about_Demo

        ## Short Description

        Explains the **Demo** module.

        ## LONG DESCRIPTION

        Demo has one cmdlet, `Get-Thing`, which gets a thing for every name it receives, whether the names come as arguments or down the pipeline.

        ### Modes

        - Fast: skips the slow path.
        - Slow: takes its time.

        ```powershell
        Get-Thing -Name a |
            Format-List
        ```

        ## SEE ALSO

        [Get-Thing](Get-Thing.md)

        """;

    [Fact]
    public void Topic_text_has_upper_case_headings_indented_wrapped_text_and_code()
    {
        var (text, errors) = AboutTopicWriter.Write("docs/about_Demo.md", About);
        Assert.Empty(errors);
        Assert.Equal("""
            TOPIC
                about_Demo

            SHORT DESCRIPTION
                Explains the Demo module.

            LONG DESCRIPTION
                Demo has one cmdlet, `Get-Thing`, which gets a thing for every name it
                receives, whether the names come as arguments or down the pipeline.

                Modes
                - Fast: skips the slow path.
                - Slow: takes its time.

                    Get-Thing -Name a |
                        Format-List

            SEE ALSO
                Get-Thing

            """, text);
    }

    [Fact]
    public void Long_words_and_lists_wrap_within_80_columns_and_keep_every_word()
    {
        string words = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"word{i}"));
        string md = $"# about_Wrap\n\n## SHORT DESCRIPTION\n\n{words}\n\n- {words}\n\n{new string('x', 90)}\n";
        var (text, _) = AboutTopicWriter.Write("about_Wrap.md", md);
        var lines = text!.Split('\n');
        Assert.All(lines.Where(l => !l.Contains("xxx")), l => Assert.True(l.Length <= AboutTopicWriter.Width, $"too long: '{l}'"));
        Assert.Contains("    " + new string('x', 90), lines);
        string flat = string.Join(' ', lines.Select(l => l.Trim()));
        Assert.Contains(words, flat);
        Assert.Contains("- " + words, flat);
        // List continuation lines hang under the item text.
        int item = Array.FindIndex(lines, l => l.StartsWith("    - word0", StringComparison.Ordinal));
        Assert.StartsWith("      word", lines[item + 1]);
    }

    [Fact]
    public void Topic_without_short_description_or_with_wrong_heading_fails()
    {
        var (text, errors) = AboutTopicWriter.Write("docs/about_Demo.md", "# about_Other\n\n## LONG DESCRIPTION\n\nText.\n");
        Assert.Null(text);
        Assert.Equal(
            ["docs/about_Demo.md:1: the heading '# about_Other' does not match the file name 'about_Demo'",
             "docs/about_Demo.md:1: missing section '## SHORT DESCRIPTION' (Get-Help shows it as the topic's synopsis)"],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Build_writes_the_topic_beside_the_maml()
    {
        using var dir = new TempDir();
        dir.Write("docs/about_Demo.md", About);
        dir.Write("docs/Get-Thing.md", Samples.FullPage);
        string output = Path.Combine(dir.Path, "out");
        var result = Compiler.Build(dir.Docs, output, "Demo", "Demo.dll");
        Assert.Empty(result.Errors);
        Assert.StartsWith("TOPIC\n    about_Demo\n", File.ReadAllText(Path.Combine(output, "about_Demo.help.txt")));
    }
}
