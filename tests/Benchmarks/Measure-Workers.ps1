<#
.SYNOPSIS
Benchmarks -Workers: fast-poem fetches per second and server CPU per fetch with 1, 2, ... workers,
and writes the workers section of docs/performance.md.
.DESCRIPTION
The server (ServerHost serve --workers N, the ReactorPoetryServerGroup Start-PoetryServer -Workers
runs) and the load generator run in processes of their own, each pinned with taskset: the load
generator to the last core, the server to the others. Each configuration runs -Runs times, the
configurations alternating; each figure is the median. A machine with fewer than 2 cores has no core
to give the load generator: the section says so and measures nothing.
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $Root 'tools/BuildHelpers.ps1')
. (Join-Path $PSScriptRoot 'BenchHelpers.ps1')

$BeginMark = '<!-- workers:begin (written by build.ps1 -Task Bench) -->'
$EndMark = '<!-- workers:end -->'
$bench = $PSScriptRoot
$runs = if ($Quick) { 1 } else { 3 }
$seconds = if ($Quick) { 2 } else { 4 }
$warmup = if ($Quick) { 1 } else { 3 }
$conns = 200
$cores = [Environment]::ProcessorCount

foreach ($p in 'LoadGen', 'ServerHost') { Invoke-Native dotnet build (Join-Path $bench $p) -c Release --nologo -v q }
$serverHost = Join-Path $bench 'ServerHost/bin/Release/net10.0/ServerHost.dll'
$loadGen = Join-Path $bench 'LoadGen/bin/Release/net10.0/LoadGen.dll'
$taskset = (Get-Command taskset -ErrorAction Ignore).Source

function Measure-Configuration([int] $Workers, [string] $Accept, [string] $ServerCores, [string] $LoadCores) {
    $command = @($taskset, '-c', $ServerCores, 'dotnet', $serverHost, 'serve', '--backend', 'Epoll', '--mode', 'fast', '--workers', $Workers)
    if ($Accept) { $command += '--accept', $Accept }
    $server = Start-BenchServer $command
    try {
        $out = & $taskset -c $LoadCores dotnet $loadGen closed --port $server.Ports[0] --conns $conns --seconds $seconds --warmup $warmup --pid $server.Process.Id
        if ($LASTEXITCODE -ne 0) { throw "LoadGen failed with exit code $LASTEXITCODE." }
        $r = @($out)[-1] | ConvertFrom-Json
    } finally {
        $server.Process.StandardInput.Close()
        $tail = $server.Process.StandardOutput.ReadToEndAsync()
        if (-not $server.Process.WaitForExit(15000)) { $server.Process.Kill($true) }
    }
    $shares = if ($tail.Wait(5000) -and $tail.Result -match 'WORKERS ([\d ]+)') { @($Matches[1].Trim() -split ' ' | ForEach-Object { [long]$_ }) } else { @() }
    [pscustomobject]@{ FetchesPerSec = $r.fetchesPerSec; CpuUsPerFetch = $r.serverCpuUsPerFetch; P99Ms = $r.p99Ms; Errors = $r.errors; Shares = $shares }
}

function Format-Shares([long[]] $Shares) {
    if ($null -eq $Shares -or $Shares.Count -lt 2) { return 'all' }
    $sum = ($Shares | Measure-Object -Sum).Sum
    ($Shares | ForEach-Object { '{0:0}%' -f (100 * $_ / [math]::Max(1, $sum)) }) -join ' / '
}

$lines = [Collections.Generic.List[string]]::new()
$commit = (& git -C $Root rev-parse --short HEAD)
$cpu = ((Get-Content /proc/cpuinfo | Where-Object { $_ -match '^model name' } | Select-Object -First 1) -replace '^model name\s*:\s*', '')
$lines.Add('## Workers (-Workers)')
$lines.Add('')
$lines.Add("Measured $(Get-Date -Format 'yyyy-MM-dd') at commit $commit on $cores cores ($cpu), Debian $(Get-Content /etc/debian_version). " +
    "Closed loop, $conns connections, 2,048-byte poems sent whole, epoll backend; median of $runs run(s) of $seconds s each after $warmup s of warm-up.")
$lines.Add('')

if ($cores -lt 2 -or -not $taskset) {
    $lines.Add("Not measured: the load generator needs a core of its own and this machine has $cores (taskset: $(if ($taskset) { 'present' } else { 'missing' })).")
} else {
    $loadCore = "$($cores - 1)"
    $serverCores = if ($cores -eq 2) { '0' } else { "0-$($cores - 2)" }
    $serverCoreCount = $cores - 1
    $configs = [Collections.Generic.List[object]]::new()
    $configs.Add([pscustomobject]@{ Workers = 1; Accept = '' })
    foreach ($n in @(2, $serverCoreCount, ($serverCoreCount * 2)) | Sort-Object -Unique) {
        if ($n -lt 2) { continue }
        $configs.Add([pscustomobject]@{ Workers = $n; Accept = 'ReusePort' })
        $configs.Add([pscustomobject]@{ Workers = $n; Accept = 'RoundRobin' })
    }
    $results = @{}
    for ($run = 0; $run -lt $runs; $run++) {
        $order = @($configs)[($run % $configs.Count)..($configs.Count - 1)] + @($configs)[0..($run % $configs.Count)] | Select-Object -First $configs.Count
        foreach ($c in $order) {
            $key = "$($c.Workers) $($c.Accept)"
            $r = Measure-Configuration $c.Workers $c.Accept $serverCores $loadCore
            Write-Host ("workers {0} {1} run {2}: {3:N0} fetches/s, {4:N1} µs CPU/fetch, p99 {5:N1} ms, errors {6}, shares {7}" -f $c.Workers, $c.Accept, ($run + 1), $r.FetchesPerSec, $r.CpuUsPerFetch, $r.P99Ms, $r.Errors, (Format-Shares $r.Shares))
            if (-not $results.ContainsKey($key)) { $results[$key] = [Collections.Generic.List[object]]::new() }
            $results[$key].Add($r)
        }
    }
    $lines.Add("Server pinned to core(s) $serverCores, load generator to core $loadCore (taskset).")
    $lines.Add('')
    $lines.Add('| workers | share-out | fetches/s | server CPU µs/fetch | server cores busy | p99 ms | errors | connections per worker |')
    $lines.Add('|---|---|---|---|---|---|---|---|')
    $base = $null
    $busy = @()
    foreach ($c in $configs) {
        $set = $results["$($c.Workers) $($c.Accept)"]
        $fps = Get-Median @($set.FetchesPerSec)
        if (-not $base) { $base = $fps }
        $cpuPerFetch = Get-Median @($set.CpuUsPerFetch)
        $busy += , ($fps * $cpuPerFetch / 1e6)
        $lines.Add(('| {0} | {1} | {2:N0} ({3:0.00}x) | {4:N1} | {5:0.00} | {6:N1} | {7} | {8} |' -f $c.Workers, $(if ($c.Accept) { $c.Accept } else { '-' }), $fps, ($fps / $base),
                $cpuPerFetch, ($fps * $cpuPerFetch / 1e6), (Get-Median @($set.P99Ms)), (($set.Errors | Measure-Object -Sum).Sum), (Format-Shares $set[-1].Shares)))
    }
    $lines.Add('')
    $maxBusy = ($busy | Measure-Object -Maximum).Maximum
    if ($maxBusy -lt 0.9 * $serverCoreCount) {
        $lines.Add(("The load generator is the limit here: the server kept at most {0:0.00} of its {1} core(s) busy, so fetches/s measures the load generator and the server's cost shows in CPU per fetch." -f $maxBusy, $serverCoreCount))
        $lines.Add('')
    }
    if ($serverCoreCount -eq 1) {
        $lines.Add('What this machine can show: with 2 cores, one goes to the load generator, so the server has one core however many workers it runs. ' +
            'The table therefore shows what workers cost on a single core (the threads take turns; fetches/s should hold and CPU per fetch should rise only a little), ' +
            'that the kernel (ReusePort) or the acceptor (RoundRobin) spreads the connections over every worker, and that nothing is lost (errors). ' +
            'It cannot show scaling with cores: that needs a machine with at least 3, where the server gets 2 or more and this table gains rows for them.')
    } else {
        $lines.Add("Scaling: fetches/s with N workers against 1, the server having $serverCoreCount core(s); past $serverCoreCount workers the threads share cores.")
    }
    $lines.Add('')
    $lines.Add('Correctness with workers is tested, not benchmarked: tests/Pester/Features/ServerWorkers.Tests.ps1 sends 1,000 fetches to a 2-worker server and checks every worker served some and every poem arrived whole, for both share-outs.')
}

$section = (@($BeginMark) + $lines + @($EndMark)) -join "`n"
$doc = Join-Path $Root 'docs/performance.md'
$text = Get-Content $doc -Raw
$b = $text.IndexOf($BeginMark); $e = $text.IndexOf($EndMark)
$text = if ($b -ge 0 -and $e -gt $b) { $text.Substring(0, $b) + $section + $text.Substring($e + $EndMark.Length) } else { $text.TrimEnd() + "`n`n" + $section + "`n" }
Set-Content -Path $doc -Value $text.TrimEnd() -NoNewline
Add-Content -Path $doc -Value ''
Write-Host "Wrote the workers section of $doc"
