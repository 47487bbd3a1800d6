<#
.SYNOPSIS
Writes the ERROR IDS section of about_PoetryReactor_Errors.md from the module's error catalog.
.DESCRIPTION
The catalog ([PoetryReactor.Errors.ErrorCatalog]::All) is the one source of ErrorIds; this section is
made from it, never written by hand. With -Check it writes nothing and fails when the file differs.
Run in a fresh pwsh: it imports the built module.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $TopicPath = (Join-Path $PSScriptRoot '../docs/en-US/about_PoetryReactor_Errors.md'),
    [switch] $Check
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

function Get-ErrorSection {
    $lines = [Collections.Generic.List[string]]::new()
    $lines.Add('## ERROR IDS')
    $lines.Add('')
    $lines.Add('Every ErrorId the module writes, in the order of the catalog. The category is the')
    $lines.Add('one the record carries (ReactorCallbackFailed takes the callback''s own when it has one).')
    foreach ($entry in [PoetryReactor.Errors.ErrorCatalog]::All) {
        $lines.Add('')
        $lines.Add("### $($entry.Id)")
        $lines.Add('')
        $lines.Add("Category: $($entry.Category). $($entry.Meaning)")
        $lines.Add('')
        $lines.Add("What to do: $($entry.Remedy)")
    }
    $lines.Add('')
    $lines -join "`n"
}

$text = [IO.File]::ReadAllText($TopicPath) -replace "`r`n", "`n"
$match = [regex]::Match($text, '(?ms)^## ERROR IDS\n.*?(?=^## |\z)')
if (-not $match.Success) { throw "$TopicPath has no '## ERROR IDS' section." }
$updated = $text.Substring(0, $match.Index) + (Get-ErrorSection) + "`n" + $text.Substring($match.Index + $match.Length)
$updated = $updated -replace '\n{3,}', "`n`n"
if ($Check) {
    if ($updated -ne $text) { throw "$TopicPath is out of date with the error catalog: run ./build.ps1 -Task DocsUpdate." }
    return
}
if ($updated -ne $text) {
    [IO.File]::WriteAllText($TopicPath, $updated, [Text.UTF8Encoding]::new($false))
    Write-Host "$TopicPath`: ERROR IDS updated"
}
