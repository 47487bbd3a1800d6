# Formats the measured section of docs/performance.md from the results of Invoke-Benchmarks.ps1.

$script:BeginMark = '<!-- measured:begin (written by build.ps1 -Task Bench) -->'
$script:EndMark = '<!-- measured:end -->'

function Format-Verdict([bool] $Met) { if ($Met) { 'met' } else { '**missed**' } }

function Get-MachineText([string] $Root, [string] $LoadStart) {
    $cpu = (Get-Content /proc/cpuinfo | Where-Object { $_ -match '^model name' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
    $load = (Get-Content /proc/loadavg).Split(' ')[0..2] -join ' '
    $commit = (& git -C $Root rev-parse --short HEAD)
    $dirty = if (& git -C $Root status --porcelain --untracked-files=no) { ' (with uncommitted changes)' } else { '' }
    @(
        "- Machine: $cpu, $([Environment]::ProcessorCount) cores, kernel $(& uname -r), .NET $(& dotnet --version), load average (1, 5, 15 min) $LoadStart at the start and $load at the end (the two cores are shared with other builds and test runs)."
        "- Date: $((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm')) UTC. Commit: $commit$dirty."
    ) -join "`n"
}

function Format-Target([string] $What, $Ours, $Ref, $Twisted, $Measured, [bool] $Met) {
    # One row of the targets table: our figure beside the C server's and Twisted's where they apply.
    $cell = { param($v) if ($null -eq $v -or ($v -is [double] -and [double]::IsNaN($v))) { '–' } else { $v } }
    '| {0} | {1} | {2} | {3} | {4} | {5} |' -f $What, (& $cell $Ours), (& $cell $Ref), (& $cell $Twisted), $Measured, (Format-Verdict $Met)
}

function Format-PerformanceReport {
    param($Root, [string] $LoadStart, [string] $Ref, $Fast, $Hold, $Syscalls, $Idle, $Timers, $Clients, $Imports, $Micro, [int] $Runs, [double] $Seconds,
        [int] $HoldConns, [double] $IdleSeconds, [double] $Warmup, [switch] $Quick)
    $ours = 'ours (Epoll, default)'
    $lines = [System.Collections.Generic.List[string]]::new()
    $targets = [System.Collections.Generic.List[string]]::new()
    $lines.Add('## Measured (issue 14 targets)')
    $lines.Add('')
    $lines.Add((Get-MachineText $Root $LoadStart))
    $lines.Add("- Method: every server in its own process, started fresh for each run; the servers alternate (the order rotates each run) within one session, so each ratio compares runs taken minutes apart under the same load. Figures are medians of $Runs run(s)$(if ($Quick) { ' (-Quick)' }). The load generator (``tests/Benchmarks/LoadGen``, async sockets, its own process) shares the two cores with the server, so it is the ceiling for everyone. Server CPU is the server process's utime+stime from /proc over the measured window.")
    $lines.Add('')

    # Fast poems.
    $lines.Add("### Fast poems (2,048 bytes, no delay), closed loop, $Seconds s per run after a $Warmup s warm-up")
    $lines.Add('')
    $lines.Add("| clients | server | fetches/s | MB/s | p50 ms | p99 ms | max ms | server CPU µs/fetch | errors | fetches/s vs $Ref | CPU/fetch vs $Ref | CPU/fetch vs Twisted |")
    $lines.Add('|---|---|---|---|---|---|---|---|---|---|---|---|')
    foreach ($group in $Fast | Group-Object Conns) {
        $med = @{}
        foreach ($s in $group.Group | Group-Object Server) {
            $rs = $s.Group.R
            $med[$s.Name] = [pscustomobject]@{
                Fps = Get-Median $rs.fetchesPerSec; Mb = Get-Median $rs.mbPerSec; P50 = Get-Median $rs.p50Ms; P99 = Get-Median $rs.p99Ms
                Max = ($rs.maxMs | Measure-Object -Maximum).Maximum; Cpu = Get-Median $rs.serverCpuUsPerFetch; Errors = ($rs.errors | Measure-Object -Sum).Sum
            }
        }
        $ratio = { param($a, $b, $f) if ($med.Contains($b) -and $med[$b].$f -gt 0) { $med[$a].$f / $med[$b].$f } else { [double]::NaN } }
        foreach ($name in $med.Keys | Sort-Object { @($Fast.Server).IndexOf($_) }) {
            $m = $med[$name]
            $lines.Add(('| {0:N0} | {1} | {2:N0} | {3:N1} | {4:N1} | {5:N1} | {6:N1} | {7:N1} | {8} | {9:N2} | {10:N2} | {11:N2} |' -f [int]$group.Name, $name, $m.Fps, $m.Mb, $m.P50, $m.P99, $m.Max, $m.Cpu, $m.Errors,
                (& $ratio $name $Ref 'Fps'), (& $ratio $name $Ref 'Cpu'), (& $ratio $name 'Twisted' 'Cpu')))
        }
        $n = '{0:N0}' -f [int]$group.Name
        $get = { param($server, $f, $fmt) if ($med.Contains($server)) { $fmt -f $med[$server].$f } else { $null } }
        $cpuRef = & $ratio $ours $Ref 'Cpu'; $cpuTw = & $ratio $ours 'Twisted' 'Cpu'; $fps = & $ratio $ours $Ref 'Fps'
        $oc = & $get $ours 'Cpu' '{0:N1} µs'; $rc = & $get $Ref 'Cpu' '{0:N1} µs'; $tc = & $get 'Twisted' 'Cpu' '{0:N1} µs'
        $targets.Add((Format-Target "Fast poems, $n clients: server CPU per fetch ≤ 1.1 × $Ref" $oc $rc $tc ('{0:N2} ×' -f $cpuRef) ($cpuRef -le 1.1)))
        $targets.Add((Format-Target "Fast poems, $n clients: server CPU per fetch ≤ 0.5 × Twisted" $oc $rc $tc ('{0:N2} ×' -f $cpuTw) ($cpuTw -le 0.5)))
        $targets.Add((Format-Target "Fast poems, $n clients: fetches/s ≥ 0.95 × $Ref" (& $get $ours 'Fps' '{0:N0}') (& $get $Ref 'Fps' '{0:N0}') (& $get 'Twisted' 'Fps' '{0:N0}') ('{0:N2} ×' -f $fps) ($fps -ge 0.95)))
    }
    $lines.Add('')

    # Slow poems held.
    $lines.Add("### $('{0:N0}' -f $HoldConns) slow clients at once (100 bytes every 0.1 s, 2,048 bytes: ideal 2.0 s)")
    $lines.Add('')
    $lines.Add('Times from the start of the run (all connects issued at once) and, for the slowest, also from its own connection to its EOF.')
    $lines.Add('')
    $lines.Add('| server | complete byte-exact | fastest × ideal | slowest × ideal (each run) | slowest, from its own connection, × ideal | last connection made after (ms) | server RSS growth KB per held connection |')
    $lines.Add('|---|---|---|---|---|---|---|')
    $slowest = @{}
    foreach ($b in $Hold | Group-Object Backend) {
        $rs = $b.Group.R
        $complete = ($rs.completed | Measure-Object -Minimum).Minimum
        $slow = $slowest[$b.Name] = Get-Median $rs.slowestRatio; $kb = Get-Median $rs.rssKbPerConn; $own = Get-Median $rs.slowestOwnRatio
        $each = ($rs.slowestRatio | ForEach-Object { '{0:N2}' -f $_ }) -join ', '
        $lines.Add(('| {0} | {1:N0} / {2:N0} (worst run) | {3:N2} | {4:N2} ({8}) | {5:N2} | {6:N0} | {7:N1} |' -f $b.Name, $complete, $HoldConns, (Get-Median $rs.fastestRatio), $slow, $own, (Get-Median $rs.lastConnectedMs), $kb, $each))
        if ($b.Name -eq 'Epoll') {
            $refSlow = if ($Hold | Where-Object Backend -eq $Ref) { Get-Median ($Hold | Where-Object Backend -eq $Ref).R.slowestRatio } else { [double]::NaN }
            $holdCell = { param($v) if ([double]::IsNaN($v)) { $null } else { '{0:N2} s' -f (2 * $v) } }
            $targets.Add((Format-Target "$('{0:N0}' -f $HoldConns) slow clients: all complete byte-exact" ('{0:N0}' -f $complete) $null $null ('{0:N0} / {1:N0}' -f $complete, $HoldConns) ($complete -eq $HoldConns)))
            $targets.Add((Format-Target "$('{0:N0}' -f $HoldConns) slow clients: slowest ≤ 1.1 × ideal (2.0 s)" (& $holdCell $slow) (& $holdCell $refSlow) $null ('{0:N2} ×' -f $slow) ($slow -le 1.1)))
            $vsRef = $slow / $refSlow
            $targets.Add((Format-Target "$('{0:N0}' -f $HoldConns) slow clients: slowest ≤ 1.05 × $Ref's (same run)" (& $holdCell $slow) (& $holdCell $refSlow) $null ('{0:N2} ×' -f $vsRef) ($vsRef -le 1.05)))
            $targets.Add((Format-Target "$('{0:N0}' -f $HoldConns) slow clients: ≤ 3.5 KB per held connection" ('{0:N1} KB' -f $kb) $null $null ('{0:N1} KB' -f $kb) ($kb -le 3.5)))
        }
    }
    $lines.Add('')

    # Syscalls.
    if ($Syscalls -and $Syscalls.Count -gt 0) {
        $lines.Add('### Syscalls per fetch (perf stat of the syscall tracepoints)')
        $lines.Add('')
        $lines.Add('Servers: 20,000 fetches by LoadGen''s `count` mode (100 in flight) after a warm-up of 20,000. Clients: 1,000 addresses of the C server fetched at once; the difference between a run of 11,000 and one of 1,000, divided by 10,000, so start-up cancels out. `epoll_wait` and the accept4 that finds the queue empty are shared by every connection a wake-up serves.')
        $lines.Add('')
        $lines.Add('| side | program | syscalls per fetch | of which |')
        $lines.Add('|---|---|---|---|')
        foreach ($s in $Syscalls) {
            $parts = ($s.Per.Keys | Where-Object { $_ -ne 'total' } | ForEach-Object { '{0} {1:N2}' -f $_, $s.Per[$_] }) -join ', '
            $lines.Add(('| {0} | {1} | {2:N2} | {3} |' -f $s.Side, $s.Program, $s.Per['total'], $parts))
        }
        $lines.Add('')
    }

    # Idle, timers, clients, import.
    $lines.Add("### Idle: three servers listening on one reactor, no clients, $IdleSeconds s after a 2 s settle")
    $lines.Add('')
    $lines.Add('| backend | CPU % | reactor-thread wake-ups | wake-ups of all threads (runtime included) |')
    $lines.Add('|---|---|---|---|')
    foreach ($i in $Idle) {
        $lines.Add(('| {0} | {1:N3} | {2} | {3} |' -f $i.Backend, $i.CpuPercent, $i.ReactorWakeups, $i.ProcessWakeups))
        if ($i.Backend -eq 'Epoll') {
            $targets.Add((Format-Target 'Idle: < 0.1 % CPU' ('{0:N3} %' -f $i.CpuPercent) $null $null ('{0:N3} %' -f $i.CpuPercent) ($i.CpuPercent -lt 0.1)))
            $targets.Add((Format-Target 'Idle: no wake-ups of the reactor' $i.ReactorWakeups $null $null $i.ReactorWakeups ($i.ReactorWakeups -eq 0)))
        }
    }
    $lines.Add('')
    $lines.Add('### Timers (`ServerHost timers`: 1,000 schedules then 1,000 cancels with n already pending)')
    $lines.Add('')
    $lines.Add('| pending | schedule ns | cancel ns |')
    $lines.Add('|---|---|---|')
    foreach ($s in $Timers.scaling) { $lines.Add(('| {0:N0} | {1:N0} | {2:N0} |' -f $s.pending, $s.scheduleNs, $s.cancelNs)) }
    $small = $Timers.scaling | Where-Object pending -eq 1000; $big = $Timers.scaling | Where-Object pending -eq 100000
    $growth = ($big.scheduleNs + $big.cancelNs) / ($small.scheduleNs + $small.cancelNs)
    $late = $Timers.callLater10ms
    $lines.Add('')
    $lines.Add(('10 ms `CallLater` on an idle running reactor, {0} in a row: late by p50 {1:N2} ms, p99 {2:N2} ms, max {3:N2} ms.' -f $late.samples, $late.p50Ms, $late.p99Ms, $late.maxMs))
    $targets.Add((Format-Target 'Timers: schedule+cancel O(log n) (cost at 100,000 pending ÷ at 1,000; O(n) would be 100)' $null $null $null ('{0:N2} ×' -f $growth) ($growth -le 3)))
    $targets.Add((Format-Target 'Timers: 10 ms CallLater p99 within 2 ms of due' ('{0:N2} ms' -f $late.p99Ms) $null $null ('{0:N2} ms' -f $late.p99Ms) ($late.p99Ms -le 2)))
    $lines.Add('')

    $lines.Add('### Clients: 1,000 addresses of one fast server (ours, Epoll), timed inside each process')
    $lines.Add('')
    $lines.Add('| client | seconds (each run) | median | poems |')
    $lines.Add('|---|---|---|---|')
    $medC = @{}
    foreach ($c in $Clients | Group-Object Client) {
        $medC[$c.Name] = Get-Median $c.Group.R.seconds
        $lines.Add(('| {0} | {1} | {2:N3} | {3} |' -f $c.Name, (($c.Group.R.seconds | ForEach-Object { '{0:N3}' -f $_ }) -join ', '), $medC[$c.Name], (($c.Group.R.poems | Measure-Object -Minimum).Minimum)))
    }
    if ($medC.Contains('Twisted client 2')) {
        $tw = $medC['Twisted client 2']
        $r = $medC['Get-Poetry'] / $tw
        $targets.Add((Format-Target 'Get-Poetry, 1,000 addresses: ≤ 0.5 × Twisted client 2 time' ('{0:N3} s' -f $medC['Get-Poetry']) $null ('{0:N3} s' -f $tw) ('{0:N2} ×' -f $r) ($r -le 0.5)))
        $core = 'ProtocolPoetryClient (C#, no PowerShell)'
        if ($medC.Contains($core)) {
            $lines.Add('')
            $lines.Add(('The same 1,000 fetches from C# alone (`ServerHost fetch`, one poem first, as Get-Poetry is timed): {0:N2} × Twisted client 2.' -f ($medC[$core] / $tw)))
        }
    }
    $lines.Add('')
    $imp = Get-Median $Imports.importMs; $first = Get-Median $Imports.firstMs
    $lines.Add(('Import-Module in a warm pwsh (a fresh process that has imported another module first; file cache warm; each run): {0} ms, median {1:N1} ms. First Get-Poetry of one local fast poem after import: {2} ms, median {3:N1} ms.' -f
        (($Imports.importMs | ForEach-Object { '{0:N1}' -f $_ }) -join ', '), $imp, (($Imports.firstMs | ForEach-Object { '{0:N1}' -f $_ }) -join ', '), $first))
    $targets.Add((Format-Target 'First Get-Poetry ≤ 50 ms after import' ('{0:N1} ms' -f $first) $null $null ('{0:N1} ms' -f $first) ($first -le 50)))
    $targets.Add((Format-Target 'Import-Module ≤ 70 ms (warm)' ('{0:N1} ms' -f $imp) $null $null ('{0:N1} ms' -f $imp) ($imp -le 70)))
    $lines.Add('')
    $lines.Add('### Micro-benchmarks (BenchmarkDotNet, short job: `tests/Benchmarks/Micro`)')
    $lines.Add('')
    foreach ($table in $Micro) { $lines.Add($table); $lines.Add('') }

    $head = @('### Targets', '', "| target | ours | $Ref | Twisted 22.4 | measured | verdict |", '|---|---|---|---|---|---|') + $targets + ''
    $all = @($lines[0..4]) + $head + @($lines | Select-Object -Skip 5)
    ($script:BeginMark, ($all -join "`n").TrimEnd(), $script:EndMark) -join "`n"
}

function Update-PerformanceDoc([string] $Path, [string] $Measured) {
    # Replaces the measured section; everything outside the markers (written by hand) is kept.
    $text = if (Test-Path $Path) { Get-Content $Path -Raw } else { "# Performance`n" }
    $b = $text.IndexOf($script:BeginMark); $e = $text.IndexOf($script:EndMark)
    if ($b -ge 0 -and $e -gt $b) {
        $text = $text.Substring(0, $b) + $Measured + $text.Substring($e + $script:EndMark.Length)
    } else {
        $nl = $text.IndexOf("`n")
        $text = $text.Substring(0, $nl + 1) + "`n" + $Measured + "`n`n" + $text.Substring($nl + 1).TrimStart("`n")
    }
    Set-Content -Path $Path -Value $text.TrimEnd() -NoNewline
    Add-Content -Path $Path -Value ''
}
