<#
.SYNOPSIS
Timed inside one fresh, warmed pwsh: Import-Module, the first Get-Poetry of one poem, then (unless
-FirstOnly) Get-Poetry against -Count copies of -Address. One JSON line.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Address,
    [ValidateRange(1, 10000)] [int] $Count = 1000,
    [switch] $FirstOnly
)
$ErrorActionPreference = 'Stop'
# A warm process: PowerShell's own module loading has run once (another module imported)
# before ours is timed, so the figure is this module's cost, not the shell's start-up.
Import-Module Microsoft.PowerShell.Utility
$null = Get-Command -Module Microsoft.PowerShell.Management
$sw = [Diagnostics.Stopwatch]::StartNew()
Import-Module $ModulePath
$importMs = $sw.Elapsed.TotalMilliseconds
$sw.Restart()
$first = Get-Poetry $Address
$firstMs = $sw.Elapsed.TotalMilliseconds
$result = [ordered]@{ importMs = $importMs; firstMs = $firstMs; firstBytes = $first.Bytes }
if (-not $FirstOnly) {
    $addresses = @($Address) * $Count
    $sw.Restart()
    $poems = @(Get-Poetry $addresses)
    $result.seconds = $sw.Elapsed.TotalSeconds
    $result.poems = $poems.Count
    $result.bytes = ($poems | Measure-Object -Property Bytes -Sum).Sum
}
$result | ConvertTo-Json -Compress
