<#
.SYNOPSIS
The scriptblock UDP echo of the benchmarks: Start-ReactorListener's datagram parameter set, as
issue 29 specifies it. Prints "PORT n"; echoes until stdin closes. Measure-Udp.ps1 runs it only
once the built module has Start-ReactorListener -OnDatagramReceived.
#>
param([Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$listener = Start-ReactorListener -Port 0 -OnDatagramReceived { $_.Transport.Write($_.Data, $_.RemoteAddress) }
[Console]::Out.WriteLine("PORT $($listener.Port)")
[Console]::Out.Flush()
$null = [Console]::In.ReadToEnd()
$listener | Stop-ReactorListener
