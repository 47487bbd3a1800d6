using System.Xml.Linq;
using static PoetryReactor.HelpBuilder.MamlWriter;

namespace PoetryReactor.HelpBuilder.Tests;

public class MamlWriterTests
{
    static XElement CompileFullPage()
    {
        using var dir = new TempDir();
        dir.Write("docs/Get-Thing.md", Samples.FullPage);
        string output = Path.Combine(dir.Path, "out");
        var result = Compiler.Build(dir.Docs, output, Samples.Module, "Demo.dll", ModuleMetadata.Parse(Samples.Metadata));
        Assert.Empty(result.Errors);
        var doc = XDocument.Load(Path.Combine(output, Samples.HelpFile));
        Assert.Equal(Msh + "helpItems", doc.Root!.Name);
        Assert.Equal("maml", (string?)doc.Root.Attribute("schema"));
        return Assert.Single(doc.Root.Elements(Command + "command"));
    }

    static string[] Paras(XElement? parent) =>
        parent!.Elements(Maml + "para").Select(p => p.Value).ToArray();

    [Fact]
    public void Details_hold_name_verb_noun_and_synopsis()
    {
        var details = CompileFullPage().Element(Command + "details")!;
        Assert.Equal("Get-Thing", details.Element(Command + "name")!.Value);
        Assert.Equal("Get", details.Element(Command + "verb")!.Value);
        Assert.Equal("Thing", details.Element(Command + "noun")!.Value);
        Assert.Equal(["Gets things by name or id."], Paras(details.Element(Maml + "description")));
    }

    [Fact]
    public void Description_is_one_para_per_markdown_paragraph_with_soft_breaks_joined()
    {
        var command = CompileFullPage();
        Assert.Equal(["The `Get-Thing` cmdlet gets things. It reads names from the pipeline.", "A second paragraph."],
            Paras(command.Element(Maml + "description")));
    }

    [Fact]
    public void Syntax_has_one_item_per_parameter_set_with_its_parameters_in_display_order()
    {
        var items = CompileFullPage().Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
        Assert.Equal(2, items.Count);
        string[] Names(XElement item) => item.Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value).ToArray();
        Assert.Equal(["Name", "Fast"], Names(items[0]));
        Assert.Equal(["Id", "Fast"], Names(items[1]));
        Assert.All(items, i => Assert.Equal("Get-Thing", i.Element(Maml + "name")!.Value));
        // A switch has no value placeholder in SYNTAX; a typed parameter has one.
        var fast = items[0].Elements(Command + "parameter").Single(p => p.Element(Maml + "name")!.Value == "Fast");
        Assert.Null(fast.Element(Command + "parameterValue"));
        var name = items[0].Elements(Command + "parameter").First();
        Assert.Equal("String[]", name.Element(Command + "parameterValue")!.Value);
        Assert.Equal("0", (string?)name.Attribute("position"));
    }

    [Fact]
    public void Parameters_carry_every_yaml_field()
    {
        var parameters = CompileFullPage().Element(Command + "parameters")!.Elements(Command + "parameter").ToList();
        Assert.Equal(["Fast", "Id", "Name"], parameters.Select(p => p.Element(Maml + "name")!.Value));
        var name = parameters[2];
        Assert.Equal("true", (string?)name.Attribute("required"));
        Assert.Equal("0", (string?)name.Attribute("position"));
        Assert.Equal("True (ByValue)", (string?)name.Attribute("pipelineInput"));
        Assert.Equal("true", (string?)name.Attribute("globbing"));
        Assert.Equal("n, ThingName", (string?)name.Attribute("aliases"));
        Assert.Equal(["The names of the things."], Paras(name.Element(Maml + "description")));
        Assert.Equal("String[]", name.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("None", name.Element(Dev + "defaultValue")!.Value);

        var id = parameters[1];
        Assert.Equal("named", (string?)id.Attribute("position"));
        Assert.Equal("True (ByPropertyName)", (string?)id.Attribute("pipelineInput"));
        Assert.Equal("none", (string?)id.Attribute("aliases"));

        var fast = parameters[0];
        Assert.Equal("false", (string?)fast.Element(Command + "parameterValue")!.Attribute("required"));
        Assert.Equal("False", fast.Element(Dev + "defaultValue")!.Value);
    }

    [Fact]
    public void Inputs_outputs_notes_examples_and_links_are_written()
    {
        var command = CompileFullPage();
        var input = Assert.Single(command.Element(Command + "inputTypes")!.Elements(Command + "inputType"));
        Assert.Equal("System.String[]", input.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal(["Names, from the pipeline."], Paras(input.Element(Maml + "description")));
        var output = Assert.Single(command.Element(Command + "returnValues")!.Elements(Command + "returnValue"));
        Assert.Equal("Demo.Thing", output.Element(Dev + "type")!.Element(Maml + "name")!.Value);

        Assert.Equal(["Things are cached."], Paras(command.Element(Maml + "alertSet")!.Element(Maml + "alert")));

        var example = Assert.Single(command.Element(Command + "examples")!.Elements(Command + "example"));
        Assert.Contains("Example 1: Get two things", example.Element(Maml + "title")!.Value);
        Assert.Equal("'a', 'b' | Get-Thing\n\nThing a\nThing b", example.Element(Dev + "code")!.Value);
        Assert.Equal(["Each name gets its own thing."], Paras(example.Element(Dev + "remarks")));

        var links = command.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink")
            .Select(l => (l.Element(Maml + "linkText")!.Value, l.Element(Maml + "uri")!.Value)).ToList();
        Assert.Equal([("Online Version:", "https://example.org/get-thing"), ("about_Demo", "about_Demo.md"), ("Online docs", "https://example.org/things")], links);
    }

    [Fact]
    public void Commands_are_sorted_and_the_module_page_is_skipped()
    {
        using var dir = new TempDir();
        dir.Write("docs/Get-Thing.md", Samples.FullPage);
        dir.Write("docs/Add-Thing.md", Samples.FullPage.Replace("# Get-Thing", "# Add-Thing"));
        dir.Write("docs/Demo.md", "# Demo module\n\nNot a command page.\n");
        string output = Path.Combine(dir.Path, "out");
        var result = Compiler.Build(dir.Docs, output, Samples.Module, "Demo.dll");
        Assert.Empty(result.Errors);
        var names = XDocument.Load(Path.Combine(output, Samples.HelpFile)).Root!
            .Elements(Command + "command").Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value);
        Assert.Equal(["Add-Thing", "Get-Thing"], names);
    }
}
