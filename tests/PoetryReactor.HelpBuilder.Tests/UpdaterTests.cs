namespace PoetryReactor.HelpBuilder.Tests;

public class UpdaterTests
{
    static Updater.Result Update(TempDir dir, string metadata) =>
        Updater.Update(dir.Docs, ModuleMetadata.Parse(metadata));

    /// <summary>The sample metadata with a new positional parameter -Slow in the ByName set.</summary>
    static readonly string WithSlow = Samples.Metadata.Replace(
        """{ "name": "Fast",""",
        """{ "name": "Slow", "type": "Int32", "typeFullName": "System.Int32", "aliases": ["s"], "sets": [ { "name": "ByName", "position": 1 } ] }, { "name": "Fast",""");

    [Fact]
    public void An_up_to_date_page_is_left_byte_for_byte_unchanged()
    {
        using var dir = new TempDir();
        string path = dir.Write("docs/Get-Thing.md", Samples.FullPage);
        var result = Update(dir, Samples.Metadata);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Log);
        Assert.Equal(Samples.FullPage, File.ReadAllText(path));
    }

    [Fact]
    public void A_missing_page_is_created_from_the_template_and_then_builds()
    {
        using var dir = new TempDir();
        var result = Update(dir, Samples.Metadata);
        string path = Path.Combine(dir.Docs, "Get-Thing.md");
        Assert.Equal([$"{path}: created"], result.Log);

        var (page, errors) = PageParser.Parse(path, File.ReadAllText(path));
        Assert.Empty(errors);
        Assert.Equal("Demo.dll-Help.xml", page.Meta("external help file"));
        Assert.Equal("Demo", page.Meta("Module Name"));
        Assert.Equal("2.0.0", page.Meta("schema"));
        Assert.Equal("{{ Fill in the Synopsis }}", page.Raw("SYNOPSIS"));
        Assert.Equal(
            [("ByName", true, "Get-Thing [-Name] <String[]> [-Fast] [<CommonParameters>]"), ("ById", false, "Get-Thing -Id <Int32> [-Fast] [<CommonParameters>]")],
            page.Syntax.Select(s => (s.SetName, s.IsDefault, s.Code)));
        Assert.Equal(["Fast", "Id", "Name"], page.Parameters.Select(p => p.Name));
        Assert.Equal("{{ Fill Name Description }}", page.Parameters[2].Description);
        var name = Assert.Single(page.Parameters[2].Blocks);
        Assert.Equal(("String[]", true, (int?)0, "True (ByValue)", "n, ThingName"), (name.Type, name.Required, name.Position, name.PipelineInput, string.Join(", ", name.Aliases)));
        Assert.True(Assert.Single(page.Parameters[0].Blocks).AllSets);
        Assert.Equal(["System.String[]", "System.Int32"], page.Inputs.Select(t => t.Name));
        Assert.Equal(["Demo.Thing"], page.Outputs.Select(t => t.Name));
        Assert.Single(page.Examples);

        // The skeleton is sound, but its placeholders fail the build until they are written.
        var build = Compiler.Build(dir.Docs, Path.Combine(dir.Path, "out"), "Demo", "Demo.dll", ModuleMetadata.Parse(Samples.Metadata));
        Assert.Equal(7, build.Errors.Count);
        Assert.All(build.Errors, e => Assert.Contains("left from the page skeleton", e.Message));
        File.WriteAllText(path, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(path), @"\{\{[^}]*\}\}", "Written."));
        Assert.Empty(Compiler.Build(dir.Docs, Path.Combine(dir.Path, "out"), "Demo", "Demo.dll", ModuleMetadata.Parse(Samples.Metadata)).Errors);
    }

    [Fact]
    public void A_new_parameter_gets_a_section_and_the_syntax_is_refreshed_while_prose_is_kept()
    {
        using var dir = new TempDir();
        string path = dir.Write("docs/Get-Thing.md", Samples.FullPage);
        var result = Update(dir, WithSlow);
        Assert.Equal([$"{path}: updated"], result.Log);
        string text = File.ReadAllText(path);

        Assert.Contains("Get-Thing [-Name] <String[]> [[-Slow] <Int32>] [-Fast] [<CommonParameters>]", text);
        Assert.Contains("""
            ### -Slow

            {{ Fill Slow Description }}

            ```yaml
            Type: Int32
            Parameter Sets: ByName
            Aliases: s

            Required: False
            Position: 1
            Default value: None
            Accept pipeline input: False
            Accept wildcard characters: False
            ```
            """, text);
        // Sections are alphabetical: -Slow comes after -Name, before CommonParameters.
        Assert.True(text.IndexOf("### -Name", StringComparison.Ordinal) < text.IndexOf("### -Slow", StringComparison.Ordinal));
        Assert.True(text.IndexOf("### -Slow", StringComparison.Ordinal) < text.IndexOf("### CommonParameters", StringComparison.Ordinal));

        // Only the SYNTAX line and the new section differ: everything written by hand is kept as it was.
        string expected = Samples.FullPage
            .Replace("Get-Thing [-Name] <String[]> [-Fast] [<CommonParameters>]", "Get-Thing [-Name] <String[]> [[-Slow] <Int32>] [-Fast] [<CommonParameters>]");
        int slowStart = text.IndexOf("### -Slow", StringComparison.Ordinal);
        int slowEnd = text.IndexOf("### CommonParameters", StringComparison.Ordinal);
        Assert.Equal(expected, text[..slowStart] + text[slowEnd..]);
    }

    [Fact]
    public void Updating_twice_gives_the_same_bytes()
    {
        using var dir = new TempDir();
        string path = dir.Write("docs/Get-Thing.md", Samples.FullPage.Replace("Position: 0", "Position: 3"));
        Update(dir, WithSlow);
        byte[] first = File.ReadAllBytes(path);
        var second = Update(dir, WithSlow);
        Assert.Empty(second.Log);
        Assert.Equal(first, File.ReadAllBytes(path));

        using var fresh = new TempDir();
        Update(fresh, WithSlow);
        byte[] created = File.ReadAllBytes(Path.Combine(fresh.Docs, "Get-Thing.md"));
        Update(fresh, WithSlow);
        Assert.Equal(created, File.ReadAllBytes(Path.Combine(fresh.Docs, "Get-Thing.md")));
    }

    [Fact]
    public void Yaml_is_corrected_from_the_metadata_but_written_defaults_are_kept()
    {
        using var dir = new TempDir();
        string path = dir.Write("docs/Get-Thing.md", Samples.FullPage
            .Replace("Position: 0", "Position: 3")
            .Replace("Type: Int32", "Type: Int64"));
        Update(dir, Samples.Metadata);
        Assert.Equal(Samples.FullPage, File.ReadAllText(path)); // -Fast keeps "Default value: False"
    }

    [Fact]
    public void A_parameter_the_command_no_longer_has_is_removed_and_logged()
    {
        using var dir = new TempDir();
        string path = dir.Write("docs/Get-Thing.md", Samples.FullPage);
        string metadata = Samples.Metadata.Replace("""{ "name": "Id", "type": "Int32", "typeFullName": "System.Int32",""", """{ "name": "Ident", "type": "Int32", "typeFullName": "System.Int32",""");
        var result = Update(dir, metadata);
        Assert.Contains($"{path}: removed '-Id': Get-Thing has no such parameter any more", result.Log);
        string text = File.ReadAllText(path);
        Assert.DoesNotContain("### -Id\n", text);
        Assert.Contains("### -Ident\n\n{{ Fill Ident Description }}", text);
    }

    [Fact]
    public void A_page_that_does_not_parse_is_reported_and_left_alone()
    {
        using var dir = new TempDir();
        string broken = Samples.FullPage.Replace("## NOTES", "## NOTSE");
        string path = dir.Write("docs/Get-Thing.md", broken);
        var result = Update(dir, WithSlow);
        Assert.Contains(result.Errors, e => e.File == path && e.Message.StartsWith("unknown section", StringComparison.Ordinal));
        Assert.Equal(broken, File.ReadAllText(path));
        Assert.Equal(1, Program.Run(["update", "--docs", dir.Docs, "--metadata", dir.Write("m.json", WithSlow)], TextWriter.Null, TextWriter.Null));
    }

    [Theory]
    [InlineData("'# none'", "# none")]
    [InlineData("\"a: b\"", "a: b")]
    [InlineData("'- 1'", "- 1")]
    [InlineData("-1", "-1")]
    public void Default_values_that_need_quoting_survive_an_update(string written, string value)
    {
        using var dir = new TempDir();
        string path = dir.Write("docs/Get-Thing.md", Samples.FullPage.Replace("Default value: False", $"Default value: {written}"));
        Update(dir, Samples.Metadata);
        string once = File.ReadAllText(path);
        var (page, errors) = PageParser.Parse(path, once);
        Assert.Empty(errors);
        Assert.Equal(value, page.Parameters[0].Blocks[0].DefaultValue);
        Update(dir, Samples.Metadata);
        Assert.Equal(once, File.ReadAllText(path));
    }
}
