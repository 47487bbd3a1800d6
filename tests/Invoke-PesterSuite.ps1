<#
.SYNOPSIS
Runs every tests/Pester/**/*.Tests.ps1 with Pester against a built module. Meant for a fresh pwsh.

.DESCRIPTION
Writes JUnit XML to -ResultPath, and the skipped tests with their reasons as JSON to -SkipListPath
(Pester's JUnit XML leaves the reason out of a test skipped with -Skip). Set PESTER_VERBOSITY
(e.g. Detailed) for a line per test.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [string] $SkipListPath = [IO.Path]::ChangeExtension($ResultPath, '.skipped.json'),
    # The area folders under tests/Pester to run (all of them when omitted), e.g. Poetry for the portable-backend pass.
    [string[]] $Area
)
$ErrorActionPreference = 'Stop'
$env:NO_COLOR = '1'
$PSStyle.OutputRendering = 'PlainText'
Import-Module (Resolve-Path $PesterPath).Path -Force   # a relative path would be read as a module name

$root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$folders = if ($Area) { $Area | ForEach-Object { Join-Path $PSScriptRoot "Pester/$_" } } else { Join-Path $PSScriptRoot 'Pester' }
$files = Get-ChildItem -Path $folders -Filter '*.Tests.ps1' -Recurse | Sort-Object FullName
$container = New-PesterContainer -Path $files.FullName -Data @{ ModulePath = (Resolve-Path $ModulePath).Path }
$config = New-PesterConfiguration
$config.Run.Container = $container
$config.Run.PassThru = $true
$config.Output.Verbosity = $env:PESTER_VERBOSITY ?? 'Normal'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'JUnitXml'
$config.TestResult.OutputPath = $ResultPath
# The tests see PowerShell's default preferences, as in a user's session: this script's 'Stop'
# would otherwise reach every test's scope and make each Write-Error a throw.
$ErrorActionPreference = 'Continue'
$result = Invoke-Pester -Configuration $config
$ErrorActionPreference = 'Stop'

# Test is the testcase name in the JUnit XML (the block path, dot-joined), File its classname.
$skipped = @(foreach ($test in $result.Skipped) {
        $message = "$(@($test.ErrorRecord)[0].Exception.Message)"
        [pscustomobject]@{
            Test   = $test.ExpandedPath
            File   = $test.ScriptBlock.File
            Path   = [IO.Path]::GetRelativePath($root, $test.ScriptBlock.File)
            Reason = $message -replace '^(\w+: )?is skipped(, because )?', ''
        }
    })
ConvertTo-Json -InputObject $skipped -Depth 2 | Set-Content -Path $SkipListPath -Encoding utf8
foreach ($s in $skipped | Where-Object { -not $_.Reason }) {
    Write-Warning "Skipped without a reason: $($s.Test) ($($s.Path)). Use Set-ItResult -Skipped -Because."
}

"Pester: $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped"
if ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed') { exit 1 }
exit 0
