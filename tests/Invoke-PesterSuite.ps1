<#
.SYNOPSIS
Runs every tests/Pester/**/*.Tests.ps1 with Pester against a built module. Meant for a fresh pwsh.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ResultPath
)
$ErrorActionPreference = 'Stop'
$env:NO_COLOR = '1'
$PSStyle.OutputRendering = 'PlainText'
Import-Module (Resolve-Path $PesterPath).Path -Force   # a relative path would be read as a module name

$files = Get-ChildItem -Path (Join-Path $PSScriptRoot 'Pester') -Filter '*.Tests.ps1' -Recurse | Sort-Object FullName
$container = New-PesterContainer -Path $files.FullName -Data @{ ModulePath = (Resolve-Path $ModulePath).Path }
$config = New-PesterConfiguration
$config.Run.Container = $container
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'JUnitXml'
$config.TestResult.OutputPath = $ResultPath
$result = Invoke-Pester -Configuration $config
"Pester: $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped"
if ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed') { exit 1 }
exit 0
