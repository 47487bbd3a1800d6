namespace PoetryReactor.HelpBuilder.Tests;

/// <summary>
/// End to end in real PowerShell: metadata from a throwaway module, a page created by update and
/// written by hand, compiled, and read back by Get-Help.
/// </summary>
public class GetHelpTests
{
    const string ModuleScript = """
        function Get-Tiny {
            # .ExternalHelp TinyScript-Help.xml
            [CmdletBinding()]
            param(
                [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
                [string[]] $Name,

                [ValidateSet('Soft', 'Loud')]
                [string] $Voice = 'Soft'
            )
            process { foreach ($n in $Name) { "tiny $n" } }
        }
        """;

    [PwshFact]
    public void Get_Help_shows_the_written_synopsis_description_parameters_and_example()
    {
        using var dir = new TempDir();
        string module = Path.Combine(dir.Path, "modules", "TinyScript");
        string psd1 = dir.Write("modules/TinyScript/TinyScript.psd1",
            "@{ RootModule = 'TinyScript.psm1'; ModuleVersion = '1.0.0'; GUID = '0f6c3c55-9d0e-4d7f-a1c5-7d1e2b9a4c01'; FunctionsToExport = @('Get-Tiny') }");
        dir.Write("modules/TinyScript/TinyScript.psm1", ModuleScript);
        string json = Path.Combine(dir.Path, "commands.json");
        string script = Path.Combine(Pwsh.RepoRoot!, "src", "PoetryReactor.HelpBuilder", "Export-CommandMetadata.ps1");

        var export = Pwsh.Run("-NoProfile", "-NonInteractive", "-File", script, "-ModulePath", psd1, "-OutFile", json);
        Assert.True(export.Code == 0, export.Errors);
        var metadata = ModuleMetadata.Load(json);
        var tiny = Assert.Single(metadata.Commands);
        Assert.Equal("TinyScript-Help.xml", tiny.HelpFile);
        Assert.Equal(["Soft", "Loud"], tiny.Find("Voice")!.AcceptedValues);

        Assert.Empty(Updater.Update(dir.Docs, metadata).Errors);
        string page = Path.Combine(dir.Docs, "Get-Tiny.md");
        File.WriteAllText(page, File.ReadAllText(page)
            .Replace("{{ Fill in the Synopsis }}", "Makes names tiny.")
            .Replace("{{ Fill in the Description }}", "The Get-Tiny function shrinks every name it is given.")
            .Replace("{{ Fill Name Description }}", "The names to shrink.")
            .Replace("{{ Fill Voice Description }}", "How the tiny name is said.")
            .Replace("PS C:\\> {{ Add example code here }}", "'ada' | Get-Tiny -Voice Loud")
            .Replace("{{ Add example description here }}", "Shrinks ada, loudly."));
        dir.Write("docs/about_TinyScript.md", "# about_TinyScript\n\n## SHORT DESCRIPTION\n\nWhat TinyScript is for.\n\n## LONG DESCRIPTION\n\nIt shrinks names.\n");
        var build = Compiler.Build(dir.Docs, Path.Combine(module, "en-US"), "TinyScript", "TinyScript", metadata);
        Assert.Empty(build.Errors);

        var help = Pwsh.Run("-NoProfile", "-NonInteractive", "-Command",
            $"$env:PSModulePath = '{Path.Combine(dir.Path, "modules")}' + [IO.Path]::PathSeparator + $env:PSModulePath; " +
            "Import-Module TinyScript; Get-Help Get-Tiny -Full | Out-String -Width 200; " +
            "'ABOUT:' + (Get-Help about_TinyScript | Out-String)");
        Assert.True(help.Code == 0, help.Errors);
        string text = help.Output;
        Assert.Contains("Makes names tiny.", text);
        Assert.Contains("The Get-Tiny function shrinks every name it is given.", text);
        Assert.Contains("-Name <String[]>", text);
        Assert.Contains("The names to shrink.", text);
        Assert.Contains("How the tiny name is said.", text);
        Assert.Contains("{Soft | Loud}", text); // accepted values reach SYNTAX
        Assert.Contains("'ada' | Get-Tiny -Voice Loud", text);
        Assert.Contains("Shrinks ada, loudly.", text);
        Assert.Contains("ABOUT:TOPIC", text);
        Assert.Contains("What TinyScript is for.", text);
    }
}
