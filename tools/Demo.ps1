<#
.SYNOPSIS
The PoetryReactor demo: what the module does, in a minute. Run by ./build.ps1 -Task Demo.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    # Where the timeline of the client models is written.
    [string] $TimelinePath = (Join-Path (Split-Path (Split-Path $ModulePath)) 'timeline.svg')
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

Write-Host '--- Part 3: the countdown, on the reactor, through the C# API ---'
$reactor = [PoetryReactor.Core.Reactor]::new()
$script:counter = 5
$script:ticks = [Collections.Generic.List[double]]::new()
$tick = {
    if ($script:counter -gt 0) {
        $script:ticks.Add($reactor.Seconds())
        Write-Host "$script:counter..."
        $script:counter--
        [void] $reactor.CallLater(1, [Action]$tick)
    } else {
        Write-Host 'Lift off!'
        $reactor.Stop()
    }
}
$reactor.CallWhenRunning([Action]$tick)
$reactor.Run()
Write-Host "Backend: $($reactor.Backend). Ticks at (s): $(($script:ticks | ForEach-Object { ($_ - $script:ticks[0]).ToString('0.000') }) -join ', ')"
$reactor.Dispose()

Write-Host ''
Write-Host '--- Parts 1-5: three slow poetry servers, fetched with every client model ---'
# Three poems of different lengths, longest first, 40 bytes every 0.02 s: seconds, not the tutorial's minutes.
$servers = 'ecstasy', 'lanterns', 'science' | Start-PoetryServer -ChunkSize 40 -Delay 0.02
$servers | Format-Table Id, Name, Address, Bytes, Mode | Out-Host
$servers | Get-Poetry | Format-Table | Out-Host
$measured = $servers | Measure-PoetryModel
Write-Host 'How long each model took: the blocking client waits for each server in turn, the others finish shortest first.'
$measured | Format-Table | Out-Host
$servers | Stop-PoetryServer -PassThru | Format-Table Id, Name, State, ConnectionsServed, BytesSent | Out-Host
if (@($measured | Where-Object { @($_.Tasks | Where-Object Complete).Count -ne 3 }).Count) { throw 'A client model did not fetch all three poems.' }

Write-Host '--- Part 1, Figures 1-3, measured: the timelines of the five models ---'
$file = $measured | Export-PoetryTimeline -Path $TimelinePath -Title 'Three slow poetry servers, fetched in each client model' -PassThru
Write-Host "Timeline written to $($file.FullName) (open it in a browser)."
