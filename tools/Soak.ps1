<#
.SYNOPSIS
Soak test: N minutes of mixed poetry load inside one pwsh, a line a minute, then a verdict.

.DESCRIPTION
Three servers (fast and slow on the reactor, one blocking) serve known poems. Each round fetches
from all of them in a random Get-Poetry mode (every poem must arrive byte-exact), while raw clients
connect to the slow server and leave mid-poem (half close cleanly, half reset) or sit without
reading for the round. Every 30 s the slow server is stopped and started again. Once a minute a
line reports fetches, errors, resident memory, open descriptors, threads and managed memory.
The verdict is FAIL when any fetch went wrong or a resource grew past its bound between the
first minute and the last; PASS otherwise. Exit code 0 on PASS, 1 on FAIL.

.PARAMETER Minutes
How long to run.

.PARAMETER OutFile
Where to write the table and verdict as markdown (optional).
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [ValidateRange(0.1, 1440)] [double] $Minutes = 10,
    [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Resolve-Path $ModulePath).Path

# Growth allowed from the end of minute 1 to the end: enough for allocator noise, far below a leak.
$Bounds = @{ RssMB = 64; Fds = 16; Threads = 8; ManagedMB = 32 }
$Utf8 = [Text.UTF8Encoding]::new($false)
$temp = Join-Path ([IO.Path]::GetTempPath()) "poetry-soak-$PID"
New-Item -ItemType Directory -Path $temp | Out-Null
$texts = @{
    fast     = "A fast poem, all at once: café, 月.`n" * 40
    slow     = "A slow poem in small chunks.`n" * 30
    blocking = "The blocking server's poem, one client at a time.`n" * 10
}
$paths = @{}
foreach ($name in $texts.Keys) {
    $paths[$name] = Join-Path $temp "$name.txt"
    [IO.File]::WriteAllBytes($paths[$name], $Utf8.GetBytes($texts[$name]))
}

function Start-SlowServer { Start-PoetryServer -Path $paths.slow -ChunkSize 64 -Delay 0.01 }

function Get-Sample {
    $p = [Diagnostics.Process]::GetCurrentProcess()
    [pscustomobject]@{
        RssMB     = [math]::Round($p.WorkingSet64 / 1MB, 1)
        Fds       = [IO.Directory]::GetFiles('/proc/self/fd').Count
        Threads   = $p.Threads.Count
        ManagedMB = [math]::Round([GC]::GetTotalMemory($true) / 1MB, 1)
    }
}

$servers = @{
    fast     = Start-PoetryServer -Path $paths.fast -Delay 0
    slow     = Start-SlowServer
    blocking = Start-PoetryServer -Path $paths.blocking -Delay 0 -Blocking
}
$random = [Random]::new(8)
$modes = 'Protocol', 'Reader', 'Select', 'Threaded'
$stats = @{ Fetches = 0; Poems = 0; Errors = 0; Disconnects = 0; Restarts = 0 }
$failures = [Collections.Generic.List[string]]::new()
$rows = [Collections.Generic.List[object]]::new()
$clock = [Diagnostics.Stopwatch]::StartNew()
$nextRestart = 30
$minute = 1
Write-Host ('{0,6} {1,8} {2,8} {3,6} {4,11} {5,8} {6,5} {7,7} {8,9}' -f 'minute', 'fetches', 'poems', 'errors', 'disconnects', 'RSS MB', 'fds', 'threads', 'managed')
try {
    while ($clock.Elapsed.TotalMinutes -lt $Minutes) {
        # Raw clients on the slow server: some will leave mid-poem, some never read this round.
        $raw = foreach ($i in 1..4) {
            $c = [Net.Sockets.TcpClient]::new()
            $c.Connect([Net.IPAddress]::Loopback, $servers.slow.Port)
            $c
        }
        $mode = $modes[$random.Next($modes.Count)]
        $names = 'fast', 'slow', 'blocking', 'fast', 'slow'
        $poems = Get-Poetry ($names | ForEach-Object { $servers[$_].Address }) -Mode $mode -TimeoutSec 10 `
            -ErrorVariable fetchErrors -ErrorAction SilentlyContinue
        $stats.Fetches++
        foreach ($e in $fetchErrors) { $stats.Errors++; $failures.Add("$mode $($e.TargetObject): $($e.FullyQualifiedErrorId)") }
        foreach ($poem in $poems) {
            $stats.Poems++
            $name = $servers.Keys | Where-Object { $servers[$_].Address -eq $poem.Address } | Select-Object -First 1
            if (-not $poem.Complete -or $poem.Text -cne $texts[$name]) { $stats.Errors++; $failures.Add("$mode $($poem.Address): wrong poem ($($poem.Bytes) bytes)") }
        }
        if (@($poems).Count -ne $names.Count) { $stats.Errors++; $failures.Add("$mode : $(@($poems).Count) of $($names.Count) poems") }
        foreach ($c in $raw) {
            if ($random.Next(2) -eq 0) { $c.Client.LingerState = [Net.Sockets.LingerOption]::new($true, 0) }   # reset
            $c.Dispose()
            $stats.Disconnects++
        }
        if ($clock.Elapsed.TotalSeconds -ge $nextRestart) {
            $servers.slow | Stop-PoetryServer
            $servers.slow = Start-SlowServer
            $stats.Restarts++
            $nextRestart += 30
        }
        if ($clock.Elapsed.TotalMinutes -ge $minute -or $clock.Elapsed.TotalMinutes -ge $Minutes) {
            $s = Get-Sample
            $row = [pscustomobject]@{
                Minute = $minute; Fetches = $stats.Fetches; Poems = $stats.Poems; Errors = $stats.Errors
                Disconnects = $stats.Disconnects; Restarts = $stats.Restarts
                RssMB = $s.RssMB; Fds = $s.Fds; Threads = $s.Threads; ManagedMB = $s.ManagedMB
            }
            $rows.Add($row)
            Write-Host ('{0,6} {1,8} {2,8} {3,6} {4,11} {5,8} {6,5} {7,7} {8,9}' -f $row.Minute, $row.Fetches, $row.Poems, $row.Errors, $row.Disconnects, $row.RssMB, $row.Fds, $row.Threads, $row.ManagedMB)
            $minute++
        }
    }
} finally {
    Stop-PoetryServer -All
    Remove-Item $temp -Recurse -Force
}

$reasons = [Collections.Generic.List[string]]::new()
if ($stats.Errors -gt 0) { $reasons.Add("$($stats.Errors) unexpected error(s), first: $($failures[0])") }
if ($stats.Fetches -eq 0) { $reasons.Add('no fetch completed') }
if ($rows.Count -ge 2) {
    foreach ($key in $Bounds.Keys) {
        $growth = $rows[-1].$key - $rows[0].$key
        if ($growth -gt $Bounds[$key]) { $reasons.Add("$key grew by $growth (bound $($Bounds[$key]))") }
    }
}
$verdict = if ($reasons.Count -eq 0) { "PASS: $($stats.Fetches) fetches, $($stats.Poems) poems byte-exact, $($stats.Disconnects) mid-poem disconnects, $($stats.Restarts) server restarts, growth within bounds" } else { "FAIL: $($reasons -join '; ')" }
Write-Host $verdict
if ($OutFile) {
    $md = @('| minute | fetches | poems | errors | disconnects | restarts | RSS MB | fds | threads | managed MB |', '|---|---|---|---|---|---|---|---|---|---|')
    $md += foreach ($r in $rows) { "| $($r.Minute) | $($r.Fetches) | $($r.Poems) | $($r.Errors) | $($r.Disconnects) | $($r.Restarts) | $($r.RssMB) | $($r.Fds) | $($r.Threads) | $($r.ManagedMB) |" }
    $md += '', "Verdict: $verdict"
    Set-Content -Path $OutFile -Value $md
}
if ($reasons.Count -gt 0) { exit 1 }
exit 0
