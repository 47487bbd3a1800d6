<#
.SYNOPSIS
The PoetryReactor demo: what the module does, in a minute. Run by ./build.ps1 -Task Demo.
#>
param([Parameter(Mandatory)] [string] $ModulePath)
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
$addresses = $servers | ForEach-Object Address
$timings = foreach ($mode in 'Blocking', 'Threaded', 'Select', 'Reader', 'Protocol') {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $poems = Get-Poetry $addresses -Mode $mode
    $watch.Stop()
    if ($mode -eq 'Protocol') { $poems | Format-Table | Out-Host }
    [pscustomobject]@{
        Mode            = $mode
        Seconds         = [math]::Round($watch.Elapsed.TotalSeconds, 3)
        Poems           = @($poems | Where-Object Complete).Count
        CompletionOrder = ($poems.TaskNumber -join ', ')
    }
}
Write-Host 'How long each model took: the blocking client waits for each server in turn, the others finish shortest first.'
$timings | Format-Table | Out-Host
$servers | Stop-PoetryServer -PassThru | Format-Table Id, Name, State, ConnectionsServed, BytesSent | Out-Host
if (@($timings | Where-Object Poems -NE 3).Count) { throw 'A client model did not fetch all three poems.' }
