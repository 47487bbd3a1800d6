# Formats the measured section of docs/performance.md from the results of Invoke-Benchmarks.ps1.

$script:BeginMark = '<!-- measured:begin (written by build.ps1 -Task Bench) -->'
$script:EndMark = '<!-- measured:end -->'

function Format-Verdict([bool] $Met) { if ($Met) { 'met' } else { '**missed**' } }

function Get-MachineText([string] $Root) {
    $cpu = (Get-Content /proc/cpuinfo | Where-Object { $_ -match '^model name' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
    $load = (Get-Content /proc/loadavg).Split(' ')[0..2] -join ' '
    $commit = (& git -C $Root rev-parse --short HEAD)
    $dirty = if (& git -C $Root status --porcelain --untracked-files=no) { ' (with uncommitted changes)' } else { '' }
    @(
        "- Machine: $cpu, $([Environment]::ProcessorCount) cores, kernel $(& uname -r), .NET $(& dotnet --version), load average at the end $load (shared with other builds)."
        "- Date: $((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm')) UTC. Commit: $commit$dirty."
    ) -join "`n"
}

function Format-PerformanceReport {
    param($Root, $Fast, $Hold, $Idle, $Timers, $Clients, $Imports, $Micro, [int] $Runs, [double] $Seconds,
        [int] $HoldConns, [double] $IdleSeconds, [double] $Warmup, [switch] $Quick)
    $ours = 'ours (Epoll, default)'
    $lines = [System.Collections.Generic.List[string]]::new()
    $targets = [System.Collections.Generic.List[string]]::new()
    $lines.Add('## Measured (issue 7 targets)')
    $lines.Add('')
    $lines.Add((Get-MachineText $Root))
    $lines.Add("- Method: every server in its own process, started fresh for each run; the servers alternate (the order rotates each run) within one session, so each ratio compares runs taken minutes apart under the same load. Figures are medians of $Runs run(s)$(if ($Quick) { ' (-Quick)' }). The load generator (``tests/Benchmarks/LoadGen``, async sockets, its own process) shares the two cores with the server, so it is the ceiling for everyone. Server CPU is the server process's utime+stime from /proc over the measured window.")
    $lines.Add('')

    # Fast poems.
    $lines.Add("### Fast poems (2,048 bytes, no delay), closed loop, $Seconds s per run after a $Warmup s warm-up")
    $lines.Add('')
    $lines.Add('| clients | server | fetches/s | MB/s | p50 ms | p99 ms | max ms | server CPU µs/fetch | errors | fetches/s vs Twisted | vs bare | CPU/fetch vs Twisted |')
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
                (& $ratio $name 'Twisted' 'Fps'), (& $ratio $name 'bare epoll' 'Fps'), (& $ratio $name 'Twisted' 'Cpu')))
        }
        $tw = & $ratio $ours 'Twisted' 'Fps'; $bare = & $ratio $ours 'bare epoll' 'Fps'; $cpu = & $ratio $ours 'Twisted' 'Cpu'
        $targets.Add(('| Fast poems, {0:N0} clients: ≥ 1.4 × Twisted fetches/s | {1:N2} × | {2} |' -f [int]$group.Name, $tw, (Format-Verdict ($tw -ge 1.4))))
        $targets.Add(('| Fast poems, {0:N0} clients: ≥ 0.9 × bare epoll fetches/s | {1:N2} × | {2} |' -f [int]$group.Name, $bare, (Format-Verdict ($bare -ge 0.9))))
        $targets.Add(('| Fast poems, {0:N0} clients: server CPU per fetch ≤ 0.7 × Twisted | {1:N2} × | {2} |' -f [int]$group.Name, $cpu, (Format-Verdict ($cpu -le 0.7))))
    }
    $lines.Add('')

    # Slow poems held.
    $lines.Add("### $('{0:N0}' -f $HoldConns) slow clients at once (100 bytes every 0.1 s, 2,048 bytes: ideal 2.0 s)")
    $lines.Add('')
    $lines.Add('Times from the start of the run (all connects issued at once) and, for the slowest, also from its own connection to its EOF.')
    $lines.Add('')
    $lines.Add('| backend | complete byte-exact | fastest × ideal | slowest × ideal | slowest, from its own connection, × ideal | last connection made after (ms) | server RSS growth KB per held connection |')
    $lines.Add('|---|---|---|---|---|---|---|')
    foreach ($b in $Hold | Group-Object Backend) {
        $rs = $b.Group.R
        $complete = ($rs.completed | Measure-Object -Minimum).Minimum
        $slow = Get-Median $rs.slowestRatio; $kb = Get-Median $rs.rssKbPerConn; $own = Get-Median $rs.slowestOwnRatio
        $lines.Add(('| {0} | {1:N0} / {2:N0} (worst run) | {3:N2} | {4:N2} | {5:N2} | {6:N0} | {7:N1} |' -f $b.Name, $complete, $HoldConns, (Get-Median $rs.fastestRatio), $slow, $own, (Get-Median $rs.lastConnectedMs), $kb))
        if ($b.Name -eq 'Epoll') {
            $targets.Add(('| {0:N0} slow clients: all complete byte-exact | {1:N0} / {0:N0} | {2} |' -f $HoldConns, $complete, (Format-Verdict ($complete -eq $HoldConns))))
            $targets.Add(('| {0:N0} slow clients: slowest ≤ 1.15 × ideal (from the start of the run) | {1:N2} × | {2} |' -f $HoldConns, $slow, (Format-Verdict ($slow -le 1.15))))
            $targets.Add(('| {0:N0} slow clients: slowest ≤ 1.15 × ideal (from its own connection) | {1:N2} × | {2} |' -f $HoldConns, $own, (Format-Verdict ($own -le 1.15))))
            $targets.Add(('| {0:N0} slow clients: ≤ 10 KB per held connection | {1:N1} KB | {2} |' -f $HoldConns, $kb, (Format-Verdict ($kb -le 10))))
        }
    }
    $lines.Add('')

    # Idle, timers, clients, import.
    $lines.Add("### Idle: three servers listening on one reactor, no clients, $IdleSeconds s after a 2 s settle")
    $lines.Add('')
    $lines.Add('| backend | CPU % | reactor-thread wake-ups | wake-ups of all threads (runtime included) |')
    $lines.Add('|---|---|---|---|')
    foreach ($i in $Idle) {
        $lines.Add(('| {0} | {1:N3} | {2} | {3} |' -f $i.Backend, $i.CpuPercent, $i.ReactorWakeups, $i.ProcessWakeups))
        if ($i.Backend -eq 'Epoll') {
            $targets.Add(('| Idle: < 0.1 % CPU | {0:N3} % | {1} |' -f $i.CpuPercent, (Format-Verdict ($i.CpuPercent -lt 0.1))))
            $targets.Add(('| Idle: no wake-ups of the reactor | {0} | {1} |' -f $i.ReactorWakeups, (Format-Verdict ($i.ReactorWakeups -eq 0))))
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
    $targets.Add(('| Timers: schedule+cancel O(log n) (cost at 100,000 pending ÷ at 1,000; O(n) would be 100) | {0:N2} × | {1} |' -f $growth, (Format-Verdict ($growth -le 3))))
    $targets.Add(('| Timers: 10 ms CallLater p99 within 2 ms of due | {0:N2} ms | {1} |' -f $late.p99Ms, (Format-Verdict ($late.p99Ms -le 2))))
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
        $r = $medC['Get-Poetry'] / $medC['Twisted client 2']
        $targets.Add(('| Get-Poetry, 1,000 addresses: ≤ 0.5 × Twisted client 2 time | {0:N2} × | {1} |' -f $r, (Format-Verdict ($r -le 0.5))))
    }
    $lines.Add('')
    $imp = Get-Median $Imports.importMs; $first = Get-Median $Imports.firstMs
    $lines.Add(('Import-Module in a warm pwsh (a fresh process that has imported another module first; file cache warm; each run): {0} ms, median {1:N1} ms. First Get-Poetry of one local fast poem after import: {2} ms, median {3:N1} ms.' -f
        (($Imports.importMs | ForEach-Object { '{0:N1}' -f $_ }) -join ', '), $imp, (($Imports.firstMs | ForEach-Object { '{0:N1}' -f $_ }) -join ', '), $first))
    $targets.Add(('| Import-Module ≤ 150 ms (warm) | {0:N1} ms | {1} |' -f $imp, (Format-Verdict ($imp -le 150))))
    $targets.Add(('| First Get-Poetry ≤ 50 ms after import | {0:N1} ms | {1} |' -f $first, (Format-Verdict ($first -le 50))))
    $lines.Add('')
    $lines.Add('### Micro-benchmarks (BenchmarkDotNet, short job: `tests/Benchmarks/Micro`)')
    $lines.Add('')
    foreach ($table in $Micro) { $lines.Add($table); $lines.Add('') }

    $head = @('### Targets', '', '| target | measured | verdict |', '|---|---|---|') + $targets + ''
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
