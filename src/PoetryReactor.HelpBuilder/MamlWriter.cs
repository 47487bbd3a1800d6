using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace PoetryReactor.HelpBuilder;

/// <summary>
/// Writes command pages as one MAML document, the shape PlatyPS's New-ExternalHelp emits and
/// Get-Help reads from <c>en-US/&lt;Assembly&gt;.dll-Help.xml</c> beside a binary module.
/// </summary>
public static class MamlWriter
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    public static readonly XNamespace MSHelp = "http://msdn.microsoft.com/mshelp";

    /// <summary>The MAML document for <paramref name="pages"/>, one command each, sorted by name.</summary>
    public static XDocument Build(IEnumerable<HelpPage> pages) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
                pages.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Select(CommandElement)));

    /// <summary>Saves <paramref name="maml"/> as indented UTF-8 (no BOM) with LF line ends.</summary>
    public static void Save(XDocument maml, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
        using var writer = XmlWriter.Create(path, settings);
        maml.Save(writer);
    }

    static XElement CommandElement(HelpPage page)
    {
        string name = page.Name ?? "";
        int dash = name.IndexOf('-');
        return new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MSHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", name),
                new XElement(Command + "verb", dash > 0 ? name[..dash] : name),
                new XElement(Command + "noun", dash > 0 ? name[(dash + 1)..] : ""),
                Description(page.Raw("SYNOPSIS"))),
            Description(page.Raw("DESCRIPTION")),
            new XElement(Command + "syntax", SyntaxItems(page)),
            new XElement(Command + "parameters",
                page.Parameters.Select(p => Parameter(p, p.Blocks.FirstOrDefault(), inSyntax: false))),
            new XElement(Command + "inputTypes", page.Inputs.Select(t => TypeElement("inputType", t))),
            new XElement(Command + "returnValues", page.Outputs.Select(t => TypeElement("returnValue", t))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(page.Raw("NOTES")))),
            new XElement(Command + "examples", page.Examples.Select(Example)),
            new XElement(Command + "relatedLinks", Links(page)));
    }

    static XElement Description(string markdown) => new(Maml + "description", Paras(markdown));

    static IEnumerable<XElement> Paras(string markdown) =>
        MarkdownText.Paragraphs(markdown).Select(p => new XElement(Maml + "para", p));

    static IEnumerable<XElement> SyntaxItems(HelpPage page)
    {
        var sets = page.Syntax.Count > 0 ? page.Syntax.Select(s => s.SetName).ToList() : [CommandMetadata.AllSets];
        foreach (string set in sets)
        {
            var members = page.Parameters
                .Select(p => (Doc: p, Block: p.Blocks.FirstOrDefault(b => b.Covers(set))))
                .Where(x => x.Block is not null || page.Syntax.Count == 0)
                .Select(x => (x.Doc, Block: x.Block ?? x.Doc.Blocks.FirstOrDefault()))
                .ToList();
            // Get-Command's display order: positional by position, then mandatory named, then the
            // rest; named ones in the order the page's syntax line lists them (declaration order).
            string code = page.Syntax.FirstOrDefault(s => s.SetName == set)?.Code ?? "";
            int Written(ParameterDoc p) =>
                Regex.Match(code, $@"-{Regex.Escape(p.Name)}\b", RegexOptions.IgnoreCase) is { Success: true } m ? m.Index : int.MaxValue;
            var ordered = members.Where(x => x.Block?.Position is not null).OrderBy(x => x.Block!.Position)
                .Concat(members.Where(x => x.Block is { Position: null, Required: true }).OrderBy(x => Written(x.Doc)))
                .Concat(members.Where(x => x.Block is null || x.Block is { Position: null, Required: false }).OrderBy(x => Written(x.Doc)));
            yield return new XElement(Command + "syntaxItem",
                new XElement(Maml + "name", page.Name),
                ordered.Select(x => Parameter(x.Doc, x.Block, inSyntax: true)));
        }
    }

    static XElement Parameter(ParameterDoc doc, ParameterYaml? yaml, bool inSyntax)
    {
        yaml ??= new ParameterYaml { Type = "Object" };
        bool isSwitch = yaml.Type is "SwitchParameter" or "System.Management.Automation.SwitchParameter";
        return new XElement(Command + "parameter",
            new XAttribute("required", Bool(yaml.Required)),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", Bool(yaml.Globbing)),
            new XAttribute("pipelineInput", yaml.PipelineInput),
            new XAttribute("position", yaml.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named"),
            new XAttribute("aliases", yaml.Aliases.Count > 0 ? string.Join(", ", yaml.Aliases) : "none"),
            new XElement(Maml + "name", doc.Name),
            Description(doc.Description),
            yaml.AcceptedValues.Count == 0 ? null : new XElement(Command + "parameterValueGroup",
                yaml.AcceptedValues.Select(v => new XElement(Command + "parameterValue",
                    new XAttribute("required", "false"), new XAttribute(Command + "variableLength", "false"), v))),
            // Get-Help shows a switch in SYNTAX without a value placeholder.
            inSyntax && isSwitch ? null : new XElement(Command + "parameterValue",
                new XAttribute("required", Bool(!isSwitch)), new XAttribute("variableLength", "false"), yaml.Type),
            new XElement(Dev + "type", new XElement(Maml + "name", yaml.Type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", yaml.DefaultValue));
    }

    static XElement TypeElement(string element, TypeDoc type) =>
        new(Command + element,
            new XElement(Dev + "type", new XElement(Maml + "name", type.Name)),
            Description(type.Description));

    static XElement Example(ExampleDoc example)
    {
        string code = example.Output is null ? example.Code : example.Code + "\n\n" + example.Output;
        return new XElement(Command + "example",
            new XElement(Maml + "title", $"-------------------------- {example.Title} --------------------------"),
            new XElement(Dev + "code", code),
            new XElement(Dev + "remarks", Paras(example.Remarks)));
    }

    static IEnumerable<XElement> Links(HelpPage page)
    {
        // Get-Help -Online opens the first link's URI; PlatyPS puts the online version there.
        if (page.Meta("online version") is { Length: > 0 } online)
            yield return Link("Online Version:", online);
        foreach (var link in page.Links) yield return Link(link.Text, link.Uri);
    }

    static XElement Link(string text, string uri) =>
        new(Maml + "navigationLink", new XElement(Maml + "linkText", text), new XElement(Maml + "uri", uri));

    static string Bool(bool value) => value ? "true" : "false";
}
