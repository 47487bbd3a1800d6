using System.Diagnostics;

namespace PoetryReactor.HelpBuilder.Tests;

/// <summary>Runs the repository's pinned PowerShell (<c>dotnet pwsh</c> from the tool manifest).</summary>
static class Pwsh
{
    /// <summary>The repository root (the folder holding dotnet-tools.json), or null.</summary>
    public static readonly string? RepoRoot = FindRoot();

    static readonly Lazy<bool> Works = new(() =>
        RepoRoot is not null && Run("-NoProfile", "-NonInteractive", "-Command", "'ok'").Output.Trim() == "ok");

    /// <summary>Whether <c>dotnet pwsh</c> starts here.</summary>
    public static bool Available => Works.Value;

    static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "dotnet-tools.json")) && File.Exists(Path.Combine(dir.FullName, "PoetryReactor.slnx")))
                return dir.FullName;
        return null;
    }

    /// <summary>Runs <c>dotnet pwsh</c> with <paramref name="args"/>; bounded to two minutes.</summary>
    public static (int Code, string Output, string Errors) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoRoot!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("pwsh");
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["TERM"] = "dumb";
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                return (-1, output.Result, "timed out after 2 minutes");
            }
            return (process.ExitCode, output.Result, errors.Result);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, "", ex.Message);
        }
    }
}

/// <summary>A fact that is skipped when <c>dotnet pwsh</c> cannot be started here.</summary>
public sealed class PwshFactAttribute : FactAttribute
{
    public PwshFactAttribute()
    {
        if (!Pwsh.Available) Skip = "dotnet pwsh is not available (run 'dotnet tool restore' in the repository)";
    }
}
