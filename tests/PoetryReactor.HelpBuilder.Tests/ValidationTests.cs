namespace PoetryReactor.HelpBuilder.Tests;

/// <summary>Each kind of bad page fails the build with the right <c>file:line: message</c>.</summary>
public class ValidationTests
{
    /// <summary>The 1-based line of the first occurrence of <paramref name="marker"/>.</summary>
    static int LineOf(string text, string marker, string after = "")
    {
        int index = text.IndexOf(marker, text.IndexOf(after, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(index >= 0, $"marker '{marker}' not in the page");
        return text[..index].Count(c => c == '\n') + 1;
    }

    /// <summary>Builds <paramref name="page"/> as Get-Thing.md through the CLI and returns exit code and stderr lines.</summary>
    static (int Code, string[] Errors, string File, bool Wrote) Build(string page, string? metadata = null)
    {
        using var dir = new TempDir();
        string file = dir.Write("docs/Get-Thing.md", page);
        string output = Path.Combine(dir.Path, "out");
        var args = new List<string> { "build", "--docs", dir.Docs, "--out", output, "--module", "Demo", "--assembly", "Demo.dll" };
        if (metadata is not null) args.AddRange(["--metadata", dir.Write("commands.json", metadata)]);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args.ToArray(), stdout, stderr);
        string[] errors = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (code, errors, file, File.Exists(Path.Combine(output, Samples.HelpFile)));
    }

    static void AssertSingleError(string page, int line, string message, string? metadata = null)
    {
        var (code, errors, file, wrote) = Build(page, metadata);
        Assert.Equal(1, code);
        Assert.False(wrote, "no MAML is written when a page has errors");
        Assert.Equal($"{file}:{line}: {message}", Assert.Single(errors));
    }

    [Fact]
    public void The_sample_page_is_valid_with_and_without_metadata()
    {
        Assert.Equal((0, true), (Build(Samples.FullPage).Code, Build(Samples.FullPage).Wrote));
        Assert.Equal(0, Build(Samples.FullPage, Samples.Metadata).Code);
    }

    [Fact]
    public void Missing_required_section_is_reported_at_the_command_heading()
    {
        string page = Samples.FullPage.Replace("## DESCRIPTION\n\nThe `Get-Thing` cmdlet gets things.\nIt reads names from the pipeline.\n\nA second paragraph.\n\n", "");
        AssertSingleError(page, LineOf(page, "# Get-Thing"), "missing required section '## DESCRIPTION'");
    }

    /// <summary>
    /// A parameter that differs from the metadata also changes the set's syntax line, so the
    /// build reports <paramref name="message"/> and, at the SYNTAX headings, each set's line.
    /// </summary>
    static void AssertErrorBesideSyntax(string page, int line, string message, string metadata)
    {
        var (code, errors, file, wrote) = Build(page, metadata);
        Assert.Equal(1, code);
        Assert.False(wrote, "no MAML is written when a page has errors");
        Assert.Contains($"{file}:{line}: {message}", errors);
        Assert.Equal(2, errors.Count(e => e.Contains(": SYNTAX of set ")));
        Assert.Equal(3, errors.Length);
    }

    [Fact]
    public void Misspelt_section_is_reported_with_a_suggestion()
    {
        string page = Samples.FullPage.Replace("## NOTES", "## NOTSE");
        AssertSingleError(page, LineOf(page, "## NOTSE"), "unknown section '## NOTSE' (did you mean 'NOTES'?)");
    }

    [Fact]
    public void Parameter_without_yaml_block_is_reported_at_its_heading()
    {
        string yaml = "```yaml\nType: Int32\nParameter Sets: ById\nAliases:\n\nRequired: True\nPosition: Named\nDefault value: None\nAccept pipeline input: True (ByPropertyName)\nAccept wildcard characters: False\n```\n\n";
        Assert.Contains(yaml, Samples.FullPage);
        string page = Samples.FullPage.Replace(yaml, "");
        AssertSingleError(page, LineOf(page, "### -Id"),
            "parameter '-Id' has no ```yaml block (Type, Parameter Sets, Aliases, Required, Position, ...)");
    }

    [Fact]
    public void Malformed_yaml_is_reported_at_the_offending_file_line()
    {
        string page = Samples.FullPage.Replace("Position: 0\n", "Position: 0: oops\n");
        var (code, errors, file, _) = Build(page);
        Assert.Equal(1, code);
        string error = Assert.Single(errors);
        Assert.StartsWith($"{file}:{LineOf(page, "Position: 0: oops")}: malformed yaml in the yaml block of '-Name': ", error);
    }

    [Fact]
    public void Unknown_yaml_key_is_reported_at_its_line()
    {
        string page = Samples.FullPage.Replace("Default value: None\nAccept pipeline input: True (ByValue)", "Defualt value: None\nAccept pipeline input: True (ByValue)");
        AssertSingleError(page, LineOf(page, "Defualt value"), "unknown key 'Defualt value' in the yaml block of '-Name' (did you mean 'Default value'?)");
    }

    [Fact]
    public void Example_without_code_block_is_reported_at_its_heading()
    {
        string page = Samples.FullPage.Replace("```powershell\n'a', 'b' | Get-Thing\n```\n\n```\nThing a\nThing b\n```\n\n", "");
        AssertSingleError(page, LineOf(page, "### Example 1"), "example 'Example 1: Get two things' has no ```powershell code block");
    }

    [Fact]
    public void Duplicate_parameter_is_reported_at_the_second_heading()
    {
        string fast = Samples.FullPage[Samples.FullPage.IndexOf("### -Fast", StringComparison.Ordinal)..Samples.FullPage.IndexOf("### -Id", StringComparison.Ordinal)];
        string page = Samples.FullPage.Replace("### CommonParameters", fast + "### CommonParameters");
        int second = LineOf(page, "### -Fast", after: "### -Id");
        AssertSingleError(page, second, $"duplicate parameter '-Fast' (first documented at line {LineOf(page, "### -Fast")})");
    }

    [Fact]
    public void Wrong_schema_in_front_matter_is_reported()
    {
        string page = Samples.FullPage.Replace("schema: 2.0.0", "schema: 1.0.0");
        AssertSingleError(page, LineOf(page, "schema:"), "front matter 'schema' must be 2.0.0, not '1.0.0'");
    }

    [Fact]
    public void Documented_parameter_the_command_lacks_is_reported_at_its_heading()
    {
        string metadata = Samples.Metadata.Replace("""
                ,
                        { "name": "Fast", "type": "SwitchParameter", "isSwitch": true,
                          "sets": [ { "name": "__AllParameterSets" } ] }
                """, "");
        Assert.NotEqual(Samples.Metadata, metadata);
        AssertErrorBesideSyntax(Samples.FullPage, LineOf(Samples.FullPage, "### -Fast"), "'-Fast' is documented but Get-Thing has no such parameter", metadata);
    }

    [Fact]
    public void Undocumented_command_parameter_is_reported_at_the_parameters_heading()
    {
        string metadata = Samples.Metadata.Replace("""{ "name": "Fast",""", """{ "name": "Slow", "type": "Int32", "sets": [ { "name": "__AllParameterSets" } ] }, { "name": "Fast",""");
        AssertErrorBesideSyntax(Samples.FullPage, LineOf(Samples.FullPage, "## PARAMETERS"), "parameter '-Slow' of Get-Thing is not documented (run update to add it)", metadata);
    }

    [Theory]
    [InlineData("### -Id", "Type: Int32", "Type: String", "'-Id' Type is 'String' but the command's is 'Int32'")]
    [InlineData("### -Name", "Position: 0", "Position: 1", "'-Name' Position is 1 in set 'ByName' but the command says 0")]
    [InlineData("### -Name", "Required: True\nPosition: 0", "Required: False\nPosition: 0", "'-Name' Required is False in set 'ByName' but the command says True")]
    [InlineData("### -Name", "Accept pipeline input: True (ByValue)", "Accept pipeline input: False", "'-Name' Accept pipeline input is 'False' in set 'ByName' but the command says 'True (ByValue)'")]
    public void Yaml_that_disagrees_with_the_metadata_is_reported_at_the_key(string parameter, string from, string to, string message)
    {
        string page = Samples.FullPage.Replace(from, to);
        Assert.NotEqual(Samples.FullPage, page);
        AssertSingleError(page, LineOf(page, to.Split('\n')[0], after: parameter), message, Samples.Metadata);
    }

    [Fact]
    public void Syntax_line_that_disagrees_with_the_metadata_is_reported_at_its_set_heading()
    {
        string page = Samples.FullPage.Replace("Get-Thing -Id <Int32> [-Fast]", "Get-Thing [-Id] <Int32> [-Fast]");
        AssertSingleError(page, LineOf(page, "### ById"),
            "SYNTAX of set 'ById' is 'Get-Thing [-Id] <Int32> [-Fast] [<CommonParameters>]' but the command's is 'Get-Thing -Id <Int32> [-Fast] [<CommonParameters>]' (run update to rewrite it)",
            Samples.Metadata);
    }

    [Fact]
    public void Syntax_lines_may_wrap()
    {
        string page = Samples.FullPage.Replace("Get-Thing -Id <Int32> [-Fast]", "Get-Thing -Id <Int32>\n [-Fast]");
        Assert.Equal(0, Build(page, Samples.Metadata).Code);
    }

    [Fact]
    public void Syntax_set_the_command_lacks_is_reported_and_the_missing_one_too()
    {
        string page = Samples.FullPage.Replace("### ById\n", "### ByIds\n").Replace("Parameter Sets: ById", "Parameter Sets: ByIds");
        var (code, errors, file, _) = Build(page, Samples.Metadata);
        Assert.Equal(1, code);
        Assert.Contains($"{file}:{LineOf(page, "## SYNTAX")}: SYNTAX has no block for parameter set 'ById' of Get-Thing (run update to add it)", errors);
        Assert.Contains($"{file}:{LineOf(page, "### ByIds")}: SYNTAX names parameter set 'ByIds', which Get-Thing does not have (did you mean 'ById'?)", errors);
    }

    [Fact]
    public void Default_set_marker_must_match_the_metadata()
    {
        string page = Samples.FullPage.Replace("### ByName (Default)", "### ByName");
        AssertSingleError(page, LineOf(page, "### ByName"), "SYNTAX set 'ByName' is the default set of Get-Thing: write '### ByName (Default)'", Samples.Metadata);
    }

    [Fact]
    public void A_command_without_a_page_is_reported()
    {
        string metadata = Samples.Metadata.Replace("""
              ]
            }
          ]
        }
        """, """
              ]
            },
            { "name": "Set-Thing", "parameterSets": ["__AllParameterSets"], "parameters": [] }
          ]
        }
        """);
        Assert.NotEqual(Samples.Metadata, metadata);
        var (code, errors, file, _) = Build(Samples.FullPage, metadata);
        Assert.Equal(1, code);
        Assert.Equal($"{Path.Combine(Path.GetDirectoryName(file)!, "Set-Thing.md")}: no help page for command 'Set-Thing' (run update to create it)", Assert.Single(errors));
    }

    [Theory]
    [InlineData("Gets things by **name** or id.", "{{ Fill in the Synopsis }}")]
    [InlineData("The names of the things.", "{{ Fill Name Description }}")]
    [InlineData("Each name gets its own thing.", "{{ Add example description here }}")]
    public void Placeholder_left_from_a_skeleton_is_reported_at_its_line(string written, string placeholder)
    {
        string page = Samples.FullPage.Replace(written, placeholder);
        Assert.NotEqual(Samples.FullPage, page);
        AssertSingleError(page, LineOf(page, placeholder), $"placeholder '{placeholder}' left from the page skeleton: write the text");
    }

    [Fact]
    public void Full_type_names_agree_with_the_metadata()
    {
        string page = Samples.FullPage.Replace("Type: Int32", "Type: System.Int32");
        Assert.Equal(0, Build(page, Samples.Metadata).Code);
    }

    [Fact]
    public void Bad_usage_exits_with_2()
    {
        var stderr = new StringWriter();
        Assert.Equal(2, Program.Run(["build", "--docs"], TextWriter.Null, stderr));
        Assert.Contains("usage:", stderr.ToString());
        Assert.Equal(2, Program.Run(["compile", "--docs", "x"], TextWriter.Null, TextWriter.Null));
    }
}
