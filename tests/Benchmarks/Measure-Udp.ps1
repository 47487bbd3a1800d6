<#
.SYNOPSIS
Benchmarks UDP echo (issue 29): round trips per second and server CPU per round trip, Core against a
C recvmmsg echo and Twisted's DatagramProtocol, and writes the UDP section of docs/performance.md.
.DESCRIPTION
The load generator is tests/Benchmarks/UdpLoad/udp_load.c: 64 client sockets in a closed loop, one
64-byte datagram in flight each, single-threaded epoll in C. It is C rather than a mode of the C#
LoadGen because every echo in .NET async sockets costs a thread hop, so the client would be the limit
and measure itself. Each server runs in its own process, started fresh for each run; with taskset the
server is pinned to the first core and the load generator to the last. Rounds alternate the servers
(the order rotates each round); each figure is the best of the rounds (-Quick: one round, shorter).
The scriptblock echo (peers/scriptblock_udp_echo.ps1) joins once the built module has
Start-ReactorListener -OnDatagramReceived; until then its row says it is not measured.
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $Root 'tools/BuildHelpers.ps1')
. (Join-Path $PSScriptRoot 'BenchHelpers.ps1')

$BeginMark = '<!-- udp:begin (written by build.ps1 -Task Bench) -->'
$EndMark = '<!-- udp:end -->'
$bench = $PSScriptRoot
$rounds = if ($Quick) { 1 } else { 3 }
$seconds = if ($Quick) { 2 } else { 4 }
$warmup = if ($Quick) { 1 } else { 2 }
$conns = 64
$size = 64
$loadStart = ((Get-Content /proc/loadavg).Split(' ')[0..2]) -join ' '

Invoke-Native dotnet build (Join-Path $bench 'ServerHost') -c Release --nologo -v q
$serverHost = Join-Path $bench 'ServerHost/bin/Release/net10.0/ServerHost.dll'
$cEcho = Build-CProgram $bench 'CServer/udp_echo.c' 'CServer/bin/udp_echo'
$udpLoad = Build-CProgram $bench 'UdpLoad/udp_load.c' 'UdpLoad/bin/udp_load'
if (-not $udpLoad) { throw 'The UDP benchmark needs a C compiler for its load generator (gcc).' }
Install-Twisted
$module = Join-Path $Root 'out/PoetryReactor/PoetryReactor.psd1'

$servers = [ordered]@{
    'Core (Epoll, default)' = @('dotnet', $serverHost, 'udp-echo', '--backend', 'Epoll')
    # The second design: a recvmmsg and a sendmmsg per datagram, no batching.
    'Core (Epoll, unbatched)' = @('dotnet', $serverHost, 'udp-echo', '--backend', 'Epoll', '--batch', '1')
    'Core (Select)' = @('dotnet', $serverHost, 'udp-echo', '--backend', 'Select')
}
if ($cEcho) { $servers['C recvmmsg'] = @($cEcho) }
if (Test-Twisted) { $servers['Twisted'] = @('/usr/bin/python3', (Join-Path $bench 'peers/twisted_udp_echo.py')) }
# The scriptblock echo, once the cmdlet layer has its datagram parameter set.
$pwsh = Get-PwshCommand
$probe = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command "Import-Module '$module'; [bool](Get-Command Start-ReactorListener -ErrorAction Ignore)?.Parameters.ContainsKey('OnDatagramReceived')"
$scriptblock = "$probe".Trim() -eq 'True'
if ($scriptblock) {
    $servers['scriptblock'] = @($pwsh) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $bench 'peers/scriptblock_udp_echo.ps1'), '-ModulePath', $module)
}

$taskset = (Get-Command taskset -ErrorAction Ignore).Source
$cores = [Environment]::ProcessorCount
$pin = $taskset -and $cores -ge 2
function Invoke-UdpRun([string[]] $Command) {
    $server = Start-BenchServer $(if ($pin) { @($taskset, '-c', '0') + $Command } else { $Command })
    try {
        $load = @('--port', $server.Ports[0], '--conns', $conns, '--size', $size, '--seconds', $seconds, '--warmup', $warmup, '--pid', $server.Process.Id)
        $out = if ($pin) { & $taskset -c ($cores - 1) $udpLoad @load } else { & $udpLoad @load }
        if ($LASTEXITCODE -ne 0) { throw "udp_load failed with exit code $LASTEXITCODE." }
        @($out)[-1] | ConvertFrom-Json
    } finally { Stop-BenchServer $server }
}

$results = [System.Collections.Generic.List[object]]::new()
$names = @($servers.Keys)
for ($round = 0; $round -lt $rounds; $round++) {
    $order = $names[($round % $names.Count)..($names.Count - 1)] + $names[0..($round % $names.Count)] | Select-Object -First $names.Count
    foreach ($name in $order) {
        $r = Invoke-UdpRun $servers[$name]
        Write-Host ("udp round {0} {1}: {2:N0} round trips/s, {3:N2} µs server CPU per round trip, p50 {4} µs, p99 {5} µs, lost {6}" -f ($round + 1), $name, $r.rtPerSec, $r.serverCpuUsPerRt, $r.p50Us, $r.p99Us, $r.lost)
        $results.Add([pscustomobject]@{ Server = $name; Round = $round + 1; R = $r })
    }
}
$loadEnd = ((Get-Content /proc/loadavg).Split(' ')[0..2]) -join ' '

$best = @{}
foreach ($g in $results | Group-Object Server) {
    $top = $g.Group | Sort-Object { $_.R.rtPerSec } -Descending | Select-Object -First 1
    $best[$g.Name] = [pscustomobject]@{
        Rt = $top.R.rtPerSec; Each = ($g.Group | ForEach-Object { '{0:N0}' -f $_.R.rtPerSec }) -join ', '
        Cpu = ($g.Group.R.serverCpuUsPerRt | Measure-Object -Minimum).Minimum; Sys = ($g.Group.R.serverSysUsPerRt | Measure-Object -Minimum).Minimum; P50 = $top.R.p50Us; P99 = $top.R.p99Us
        Lost = ($g.Group.R.lost | Measure-Object -Sum).Sum; ClientCpu = $top.R.clientCpuUsPerRt
    }
}
$ratio = { param($a, $b, $f) if ($best.Contains($a) -and $best.Contains($b) -and $best[$b].$f -gt 0) { $best[$a].$f / $best[$b].$f } else { [double]::NaN } }
$core = 'Core (Epoll, default)'

$lines = [Collections.Generic.List[string]]::new()
$cpu = ((Get-Content /proc/cpuinfo | Where-Object { $_ -match '^model name' } | Select-Object -First 1) -replace '^model name\s*:\s*', '')
$commit = (& git -C $Root rev-parse --short HEAD)
$dirty = if (& git -C $Root status --porcelain --untracked-files=no) { ' (with uncommitted changes)' } else { '' }
$lines.Add('## UDP echo (issue 29 targets)')
$lines.Add('')
$lines.Add("- Machine: $cpu, $cores cores, kernel $(& uname -r), .NET $(& dotnet --version); load average (1, 5, 15 min) $loadStart at the start and $loadEnd at the end (the cores are shared with other work).")
$lines.Add("- Date: $((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm')) UTC. Commit: $commit$dirty.")
$lines.Add("- Method: ``tests/Benchmarks/Measure-Udp.ps1`` (``build.ps1 -Task Bench``). $conns client sockets in a closed loop, one $size-byte datagram in flight each, from ``UdpLoad/udp_load.c`` (single-threaded C epoll: a .NET client would pay a thread hop per echo and measure itself). " +
    "$(if ($pin) { 'Server pinned to core 0, load generator to core ' + ($cores - 1) + ' (taskset). ' } else { 'Not pinned. ' })" +
    "$rounds round(s) of $seconds s after a $warmup s warm-up, the servers alternating (the order rotates each round), each server started fresh for each run; the figure is the best round$(if ($Quick) { ' (-Quick)' }). Server CPU is the server process's utime+stime from /proc over the measured window (its kernel part: stime), the lowest of the rounds.")
$lines.Add('')
$lines.Add('| server | round trips/s (best) | each round | server CPU µs per round trip | of which in the kernel | p50 µs | p99 µs | lost | vs C recvmmsg | vs Twisted |')
$lines.Add('|---|---|---|---|---|---|---|---|---|---|')
foreach ($name in $names) {
    $b = $best[$name]
    $lines.Add(('| {0} | {1:N0} | {2} | {3:N2} | {4:N2} | {5} | {6} | {7} | {8:N2} | {9:N2} |' -f $name, $b.Rt, $b.Each, $b.Cpu, $b.Sys, $b.P50, $b.P99, $b.Lost, (& $ratio $name 'C recvmmsg' 'Rt'), (& $ratio $name 'Twisted' 'Rt')))
}
if (-not $scriptblock) { $lines.Add('| scriptblock (`Start-ReactorListener -OnDatagramReceived`) | not measured: the cmdlet layer has no datagram listener yet | | | | | | | | |') }
$lines.Add('')
$verdict = { param($v, $min) if ([double]::IsNaN($v)) { 'not measured' } elseif ($v -ge $min) { 'met' } else { '**missed**' } }
$vsC = & $ratio $core 'C recvmmsg' 'Rt'; $vsTw = & $ratio $core 'Twisted' 'Rt'; $sbTw = & $ratio 'scriptblock' 'Twisted' 'Rt'
$cpuC = & $ratio $core 'C recvmmsg' 'Cpu'; $cpuTw = & $ratio $core 'Twisted' 'Cpu'
$lines.Add('| target | measured | verdict |')
$lines.Add('|---|---|---|')
$lines.Add(('| Core echo ≥ 0.9 × the C recvmmsg echo, round trips/s | {0:N2} × | {1} |' -f $vsC, (& $verdict $vsC 0.9)))
$lines.Add(('| Core echo ≥ 3 × Twisted, round trips/s | {0:N2} × | {1} |' -f $vsTw, (& $verdict $vsTw 3)))
$lines.Add(('| scriptblock echo ≥ 1.0 × Twisted, round trips/s | {0} | {1} |' -f $(if ([double]::IsNaN($sbTw)) { '–' } else { '{0:N2} ×' -f $sbTw }), (& $verdict $sbTw 1)))
$lines.Add('')
$lines.Add(('Server CPU per round trip: Core {0:N2} × the C echo''s, {1:N2} × Twisted''s. The load generator spent {2:N2} µs of CPU per round trip against the C echo.' -f $cpuC, $cpuTw, $(if ($best.Contains('C recvmmsg')) { $best['C recvmmsg'].ClientCpu } else { [double]::NaN })))

$section = (@($BeginMark) + $lines + @($EndMark)) -join "`n"
$doc = Join-Path $Root 'docs/performance.md'
$text = Get-Content $doc -Raw
$b = $text.IndexOf($BeginMark); $e = $text.IndexOf($EndMark)
$text = if ($b -ge 0 -and $e -gt $b) { $text.Substring(0, $b) + $section + $text.Substring($e + $EndMark.Length) } else { $text.TrimEnd() + "`n`n" + $section + "`n" }
Set-Content -Path $doc -Value $text.TrimEnd() -NoNewline
Add-Content -Path $doc -Value ''
Write-Host "Wrote the UDP section of $doc"
