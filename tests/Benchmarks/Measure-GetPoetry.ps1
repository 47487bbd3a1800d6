<#
.SYNOPSIS
Timed inside one fresh pwsh: Import-Module, the first Get-Poetry of one poem, then (unless
-FirstOnly) Get-Poetry against -Count copies of -Address. One JSON line.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Address,
    [ValidateRange(1, 10000)] [int] $Count = 1000,
    [switch] $FirstOnly
)
$ErrorActionPreference = 'Stop'
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
