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
