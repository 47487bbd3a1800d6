namespace PoetryReactor.HelpBuilder.Tests;

/// <summary>Small pages and metadata the tests compile, break and update.</summary>
static class Samples
{
    public const string Module = "Demo";
    public const string HelpFile = "Demo.dll-Help.xml";

    /// <summary>A complete valid page: two parameter sets, an example with output, every section.</summary>
    public const string FullPage = """
        ---
        external help file: Demo.dll-Help.xml
        Module Name: Demo
        online version: https://example.org/get-thing
        schema: 2.0.0
        ---

        # Get-Thing

        ## SYNOPSIS

        Gets things by **name** or id.

        ## SYNTAX

        ### ByName (Default)

        ```
        Get-Thing [-Name] <String[]> [-Fast] [<CommonParameters>]
        ```

        ### ById

        ```
        Get-Thing -Id <Int32> [-Fast] [<CommonParameters>]
        ```

        ## DESCRIPTION

        The `Get-Thing` cmdlet gets things.
        It reads names from the pipeline.

        A second paragraph.

        ## EXAMPLES

        ### Example 1: Get two things

        ```powershell
        'a', 'b' | Get-Thing
        ```

        ```
        Thing a
        Thing b
        ```

        Each name gets its own thing.

        ## PARAMETERS

        ### -Fast

        Skips the slow path.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases:

        Required: False
        Position: Named
        Default value: False
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -Id

        The id of the thing.

        ```yaml
        Type: Int32
        Parameter Sets: ById
        Aliases:

        Required: True
        Position: Named
        Default value: None
        Accept pipeline input: True (ByPropertyName)
        Accept wildcard characters: False
        ```

        ### -Name

        The names of the things.

        ```yaml
        Type: String[]
        Parameter Sets: ByName
        Aliases: n, ThingName

        Required: True
        Position: 0
        Default value: None
        Accept pipeline input: True (ByValue)
        Accept wildcard characters: True
        ```

        ### CommonParameters

        This cmdlet supports the common parameters.

        ## INPUTS

        ### System.String[]

        Names, from the pipeline.

        ## OUTPUTS

        ### Demo.Thing

        ## NOTES

        Things are cached.

        ## RELATED LINKS

        [about_Demo](about_Demo.md)

        [Online docs](https://example.org/things)

        """;

    /// <summary>The metadata <see cref="FullPage"/> agrees with.</summary>
    public const string Metadata = """
        {
          "module": "Demo",
          "commands": [
            {
              "name": "Get-Thing",
              "helpFile": "Demo.dll-Help.xml",
              "defaultParameterSet": "ByName",
              "cmdletBinding": true,
              "parameterSets": ["ByName", "ById"],
              "outputTypes": ["Demo.Thing"],
              "parameters": [
                { "name": "Name", "type": "String[]", "typeFullName": "System.String[]", "aliases": ["n", "ThingName"],
                  "sets": [ { "name": "ByName", "position": 0, "mandatory": true, "valueFromPipeline": true } ] },
                { "name": "Id", "type": "Int32", "typeFullName": "System.Int32",
                  "sets": [ { "name": "ById", "mandatory": true, "valueFromPipelineByPropertyName": true } ] },
                { "name": "Fast", "type": "SwitchParameter", "isSwitch": true,
                  "sets": [ { "name": "__AllParameterSets" } ] }
              ]
            }
          ]
        }
        """;
}

/// <summary>A temporary folder, deleted on dispose.</summary>
sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("helpbuilder-").FullName;

    public string Docs => Directory.CreateDirectory(System.IO.Path.Combine(Path, "docs")).FullName;

    public string Write(string relative, string text)
    {
        string full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
