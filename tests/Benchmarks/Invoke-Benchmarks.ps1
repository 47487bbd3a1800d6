<#
.SYNOPSIS
Runs the benchmark suite (issues 7 and 14) and writes the measured section of docs/performance.md.
.DESCRIPTION
Each server runs in its own process, started fresh for each run; the servers alternate (the order
rotates every run) and each figure is the median of the runs. The load generator (LoadGen) runs in
its own process on loopback. The reference is a C epoll server (tests/Benchmarks/CServer, built with
the machine's cc; without one, the C# BareServer). Peers (Twisted, Node.js) run only if present.
Syscall counts per fetch need perf (root).
-Quick: fewer and shorter runs, fewer held connections, short micro-benchmark job.
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [string] $Configuration = 'Release',
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $Root 'tools/BuildHelpers.ps1')
. (Join-Path $PSScriptRoot 'BenchHelpers.ps1')
. (Join-Path $PSScriptRoot 'BenchReport.ps1')

$bench = $PSScriptRoot
$loadStart = ((Get-Content /proc/loadavg).Split(' ')[0..2]) -join ' '
$runs = if ($Quick) { 1 } else { 3 }
$seconds = if ($Quick) { 2 } else { 4 }
# Long enough for the runtime's tiered JIT to settle in a fresh server process.
$warmup = if ($Quick) { 1 } else { 4 }
$holdConns = if ($Quick) { 2000 } else { 10000 }
$idleSeconds = if ($Quick) { 5 } else { 10 }

foreach ($p in 'LoadGen', 'BareServer', 'ServerHost', 'Micro') {
    Invoke-Native dotnet build (Join-Path $bench $p) -c Release --nologo -v q
}
$bin = { param($name) Join-Path $bench "$name/bin/Release/net10.0/$name.dll" }
Install-Twisted
$cServer = Build-CServer $bench

$servers = [ordered]@{
    'ours (Epoll, default)' = @('dotnet', (& $bin ServerHost), 'serve', '--backend', 'Epoll', '--mode', 'fast')
    'ours (Select)'         = @('dotnet', (& $bin ServerHost), 'serve', '--backend', 'Select', '--mode', 'fast')
}
# The reference: accept4 + write + close per fetch, in C; the C# bare server where no compiler is.
$ref = if ($cServer) { 'C epoll' } else { 'bare epoll (C#)' }
$servers[$ref] = if ($cServer) { @($cServer) } else { @('dotnet', (& $bin BareServer)) }
$slowRef = if ($cServer) { @($cServer, '--chunk', 100, '--delay', 0.1) } else { $null }
if (Test-Twisted) { $servers['Twisted'] = @('/usr/bin/python3', (Join-Path $bench 'peers/twisted_fast_poetry.py')) }
if (Test-Path /usr/bin/node) { $servers['Node.js'] = @('/usr/bin/node', (Join-Path $bench 'peers/node_fast_poetry.js')) }
$loadGen = & $bin LoadGen

# Fast poems: closed loop at 100 and 1,000 connections, servers alternating.
$fast = [System.Collections.Generic.List[object]]::new()
foreach ($conns in 100, 1000) {
    $names = @($servers.Keys)
    for ($run = 0; $run -lt $runs; $run++) {
        $order = $names[($run % $names.Count)..($names.Count - 1)] + $names[0..($run % $names.Count)] | Select-Object -First $names.Count
        foreach ($name in $order) {
            $server = Start-BenchServer $servers[$name]
            try {
                $r = Invoke-LoadGen $loadGen @('closed', '--port', $server.Ports[0], '--conns', $conns, '--seconds', $seconds, '--warmup', $warmup, '--pid', $server.Process.Id)
            } finally { Stop-BenchServer $server }
            Write-Host ("fast c={0} run {1} {2}: {3:N0} fetches/s, {4:N1} µs CPU/fetch, p99 {5:N1} ms, errors {6}" -f $conns, ($run + 1), $name, $r.fetchesPerSec, $r.serverCpuUsPerFetch, $r.p99Ms, $r.errors)
            $fast.Add([pscustomobject]@{ Conns = $conns; Server = $name; R = $r })
        }
    }
}

# Slow poems held at once: 100 bytes every 0.1 s, 2,048 bytes, so 20 pauses: ideal 2.0 s.
# Ours (Epoll) and the C server alternate, the first of each pair swapping every run; Select once
# (it re-lists every socket per wait: one run shows it, more would only take minutes).
$hold = [System.Collections.Generic.List[object]]::new()
$holdServers = [ordered]@{
    Epoll = @('dotnet', (& $bin ServerHost), 'serve', '--backend', 'Epoll', '--mode', 'slow')
    Select = @('dotnet', (& $bin ServerHost), 'serve', '--backend', 'Select', '--mode', 'slow')
}
if ($slowRef) { $holdServers[$ref] = $slowRef }
$holdOrder = for ($run = 0; $run -lt $runs; $run++) {
    if ($slowRef -and $run % 2) { $ref, 'Epoll' } elseif ($slowRef) { 'Epoll', $ref } else { 'Epoll' }
}
$holdRun = @{}
foreach ($backend in @($holdOrder) + 'Select') {
    $holdRun[$backend] = 1 + $(if ($holdRun.Contains($backend)) { $holdRun[$backend] } else { 0 })
    $server = Start-BenchServer $holdServers[$backend]
    try {
        $r = Invoke-LoadGen $loadGen @('hold', '--port', $server.Ports[0], '--conns', $holdConns, '--size', 2048, '--ideal-ms', 2000, '--timeout', 60, '--pid', $server.Process.Id)
    } finally { Stop-BenchServer $server }
    Write-Host ("hold {0} run {1}: {2}/{3} complete, slowest {4:N2}x ideal ({7:N2}x from its connection), fastest {5:N2}x, {6:N1} KB/conn" -f $backend, $holdRun[$backend], $r.completed, $r.conns, $r.slowestRatio, $r.fastestRatio, $r.rssKbPerConn, $r.slowestOwnRatio)
    $hold.Add([pscustomobject]@{ Backend = $backend; R = $r })
}

# Syscalls per fetch: servers under LoadGen's count mode, clients as 11,000 minus 1,000 fetches.
$syscalls = [System.Collections.Generic.List[object]]::new()
if (Test-PerfSyscalls) {
    foreach ($name in @('ours (Epoll, default)', $ref) + @($servers.Keys | Where-Object { $_ -eq 'Twisted' })) {
        $server = Start-BenchServer $servers[$name]
        try { $per = Measure-ServerSyscalls $server $loadGen 20000 }
        finally { Stop-BenchServer $server }
        $syscalls.Add([pscustomobject]@{ Side = 'server'; Program = $name; Per = $per })
    }
    $server = Start-BenchServer $servers[$ref]
    try {
        $port = $server.Ports[0]
        $per = Measure-ClientSyscalls { param($n) @('dotnet', (& $bin ServerHost), 'fetch', '--port', $port, '--count', $n) }.GetNewClosure()
        $syscalls.Add([pscustomobject]@{ Side = 'client'; Program = 'ours (ProtocolPoetryClient, Epoll)'; Per = $per })
        if (Test-Twisted) {
            $per = Measure-ClientSyscalls { param($n) @('/usr/bin/python3', (Join-Path $bench 'peers/twisted_client_2.py'), '--repeat', $n, "127.0.0.1:$port") }.GetNewClosure()
            $syscalls.Add([pscustomobject]@{ Side = 'client'; Program = 'Twisted client 2'; Per = $per })
        }
    } finally { Stop-BenchServer $server }
    $syscalls | ForEach-Object { Write-Host ("syscalls {0} {1}: {2:N2} per fetch" -f $_.Side, $_.Program, $_.Per['total']) }
} else { Write-Warning 'perf with syscall tracepoints (root) is missing: syscall counts are skipped.' }

# Idle: three servers on one reactor, no clients.
$idle = foreach ($backend in 'Epoll', 'Select') {
    $server = Start-BenchServer @('dotnet', (& $bin ServerHost), 'serve', '--backend', $backend, '--mode', 'fast', '--servers', 3)
    try { Measure-Idle $server.Process.Id 2 $idleSeconds | Add-Member -PassThru Backend $backend }
    finally { Stop-BenchServer $server }
}
$idle | ForEach-Object { Write-Host ("idle {0}: {1:N3} % CPU, reactor thread wake-ups {2}, process wake-ups {3}" -f $_.Backend, $_.CpuPercent, $_.ReactorWakeups, $_.ProcessWakeups) }

# Timers.
$timers = (& dotnet (& $bin ServerHost) timers $(if ($Quick) { '--quick' })) | ConvertFrom-Json
Write-Host ("timers: 10 ms CallLater p99 late {0:N2} ms" -f $timers.callLater10ms.p99Ms)

# Get-Poetry against 1,000 addresses of one fast server, against the tutorial's Twisted client 2.
$module = Join-Path $Root 'out/PoetryReactor/PoetryReactor.psd1'
$clients = [System.Collections.Generic.List[object]]::new()
$server = Start-BenchServer $servers['ours (Epoll, default)']
try {
    $address = "127.0.0.1:$($server.Ports[0])"
    for ($run = 0; $run -lt [Math]::Max($runs, 2); $run++) {
        $ours = Invoke-PwshJson $module (Join-Path $bench 'Measure-GetPoetry.ps1') @('-Address', $address, '-Count', 1000)
        $clients.Add([pscustomobject]@{ Client = 'Get-Poetry'; R = $ours })
        # The same fetch from C# alone: what the reactor and client cost without PowerShell.
        $core = (& dotnet (& $bin ServerHost) fetch --port $server.Ports[0] --count 1000) | ConvertFrom-Json
        $clients.Add([pscustomobject]@{ Client = 'ProtocolPoetryClient (C#, no PowerShell)'; R = $core })
        if (Test-Twisted) {
            $tw = (& /usr/bin/python3 (Join-Path $bench 'peers/twisted_client_2.py') --repeat 1000 $address) | ConvertFrom-Json
            $clients.Add([pscustomobject]@{ Client = 'Twisted client 2'; R = $tw })
        }
    }
} finally { Stop-BenchServer $server }
$clients | ForEach-Object { Write-Host ("1,000 addresses, {0}: {1:N3} s, {2} poems" -f $_.Client, $_.R.seconds, $_.R.poems) }

# Import-Module and the first Get-Poetry, in fresh processes (the first run warms the file cache).
$server = Start-BenchServer $servers['ours (Epoll, default)']
try {
    $imports = for ($run = 0; $run -le [Math]::Max($runs, 3); $run++) {
        $r = Invoke-PwshJson $module (Join-Path $bench 'Measure-GetPoetry.ps1') @('-Address', "127.0.0.1:$($server.Ports[0])", '-Count', 1, '-FirstOnly')
        if ($run -gt 0) { $r }
    }
} finally { Stop-BenchServer $server }
$imports | ForEach-Object { Write-Host ("import {0:N1} ms, first Get-Poetry {1:N1} ms" -f $_.importMs, $_.firstMs) }

# Micro-benchmarks (BenchmarkDotNet, short job).
$microDir = Join-Path ([IO.Path]::GetTempPath()) "poetry-micro-$PID"
$micro = Invoke-Micro (Join-Path $bench 'Micro/bin/Release/net10.0/PoetryReactor.Benchmarks.dll') $microDir

$report = Format-PerformanceReport -Root $Root -LoadStart $loadStart -Ref $ref -Fast $fast -Hold $hold -Syscalls $syscalls -Idle $idle -Timers $timers -Clients $clients `
    -Imports $imports -Micro $micro -Runs $runs -Seconds $seconds -HoldConns $holdConns -IdleSeconds $idleSeconds -Warmup $warmup -Quick:$Quick
Update-PerformanceDoc (Join-Path $Root 'docs/performance.md') $report
Write-Host "docs/performance.md updated."
