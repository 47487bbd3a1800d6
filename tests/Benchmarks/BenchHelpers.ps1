# Helpers for Invoke-Benchmarks.ps1: server processes, the load generator, /proc probes, pwsh probes.

function Test-Twisted {
    if (-not (Test-Path /usr/bin/python3)) { return $false }
    & /usr/bin/python3 -c 'import twisted' 2>$null
    $LASTEXITCODE -eq 0
}

function Install-Twisted {
    # The Twisted peer comes from the distribution's package; installed only when root and missing.
    if (Test-Twisted) { return }
    if ((& id -u) -ne '0' -or -not (Test-Path /usr/bin/apt-get)) { Write-Warning 'python3-twisted is missing: the Twisted peer is skipped.'; return }
    & apt-get install -y -q python3-twisted | Out-Null
    if (-not (Test-Twisted)) { Write-Warning 'python3-twisted could not be installed: the Twisted peer is skipped.' }
}

function Start-BenchServer([string[]] $Command) {
    # Starts a server process that prints "PORT p [p ...]" and serves until its stdin closes.
    $psi = [Diagnostics.ProcessStartInfo]::new($Command[0])
    $Command | Select-Object -Skip 1 | ForEach-Object { $psi.ArgumentList.Add([string]$_) }
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($psi)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait([timespan]::FromSeconds(30)) -or $null -eq $line.Result -or $line.Result -notmatch '^PORT ') {
        $process.Kill($true)
        throw "Server '$($Command -join ' ')' did not report its port."
    }
    [pscustomobject]@{ Process = $process; Ports = @($line.Result.Substring(5).Split(' ') | ForEach-Object { [int]$_ }) }
}

function Stop-BenchServer($Server) {
    $Server.Process.StandardInput.Close()
    if (-not $Server.Process.WaitForExit(10000)) { $Server.Process.Kill($true); $null = $Server.Process.WaitForExit(5000) }
}

function Invoke-LoadGen([string] $Dll, [object[]] $Arguments) {
    $out = & dotnet $Dll @Arguments
    if ($LASTEXITCODE -ne 0) { throw "LoadGen $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
    @($out)[-1] | ConvertFrom-Json
}

function Get-TaskCounters([int] $ProcessId) {
    # CPU ticks of the whole process; context switches (wake-ups) of each thread, by thread name.
    $stat = (Get-Content "/proc/$ProcessId/stat" -Raw)
    $fields = $stat.Substring($stat.LastIndexOf(')') + 2).Split(' ')
    $threads = foreach ($task in Get-ChildItem "/proc/$ProcessId/task") {
        $status = Get-Content (Join-Path $task.FullName 'status') -ErrorAction SilentlyContinue
        if (-not $status) { continue }
        $switches = ($status | Where-Object { $_ -match '^(non)?voluntary_ctxt_switches:' } | ForEach-Object { [long]($_ -split '\s+')[1] } | Measure-Object -Sum).Sum
        [pscustomobject]@{ Tid = $task.Name; Name = (Get-Content (Join-Path $task.FullName 'comm')); Switches = $switches }
    }
    [pscustomobject]@{ Ticks = [long]$fields[11] + [long]$fields[12]; Threads = @($threads) }
}

function Measure-Idle([int] $ProcessId, [double] $Settle, [double] $Seconds) {
    # A measurement window, not a test: sleeping is what an idle probe does.
    Start-Sleep -Seconds $Settle
    $a = Get-TaskCounters $ProcessId
    $sw = [Diagnostics.Stopwatch]::StartNew()
    Start-Sleep -Seconds $Seconds
    $b = Get-TaskCounters $ProcessId
    $elapsed = $sw.Elapsed.TotalSeconds
    # Threads that came or went between the samples (the runtime's pools) count only while both saw them.
    $before = @{}; $a.Threads | ForEach-Object { $before[$_.Tid] = $_ }
    $common = @($b.Threads | Where-Object { $before.ContainsKey($_.Tid) })
    $delta = { param($threads) ($threads | ForEach-Object { $_.Switches - $before[$_.Tid].Switches } | Measure-Object -Sum).Sum }
    [pscustomobject]@{
        Seconds = $elapsed
        CpuPercent = ($b.Ticks - $a.Ticks) / 100.0 / $elapsed * 100
        ReactorWakeups = [long](& $delta @($common | Where-Object Name -eq 'reactor'))
        ProcessWakeups = [long](& $delta $common)
    }
}

function Invoke-PwshJson([string] $ModulePath, [string] $Script, [object[]] $Arguments) {
    $pwsh = Get-PwshCommand
    $rest = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $Script, '-ModulePath', $ModulePath) + $Arguments
    $out = & $pwsh[0] @rest
    if ($LASTEXITCODE -ne 0) { throw "$Script failed with exit code $LASTEXITCODE." }
    @($out)[-1] | ConvertFrom-Json
}

function Invoke-Micro([string] $Dll, [string] $ArtifactsDir) {
    # BenchmarkDotNet, short job; returns the GitHub-flavoured tables it writes.
    & dotnet $Dll --filter '*' --job short --inProcess --artifacts $ArtifactsDir --exporters github | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "Micro-benchmarks failed with exit code $LASTEXITCODE." }
    Get-ChildItem (Join-Path $ArtifactsDir 'results') -Filter '*-report-github.md' | Sort-Object Name | ForEach-Object {
        ((Get-Content $_.FullName | Where-Object { $_ -match '^\|' }) -join "`n").Replace('&#39;', "'")
    }
}

function Get-Median([double[]] $Values) {
    $s = @($Values | Sort-Object)
    if ($s.Count -eq 0) { return [double]::NaN }
    if ($s.Count % 2) { return $s[[int][Math]::Floor($s.Count / 2)] }
    ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2
}

function Install-CCompiler {
    # The C reference server is built with the machine's cc; installed only when root and missing.
    if (Test-Path /usr/bin/cc) { return $true }
    if ((& id -u) -ne '0' -or -not (Test-Path /usr/bin/apt-get)) { Write-Warning 'cc is missing: the C reference server is skipped.'; return $false }
    & apt-get install -y -q gcc libc6-dev | Out-Null
    Test-Path /usr/bin/cc
}

function Build-CServer([string] $Bench) {
    # Returns the path of the built C reference server, or $null without a compiler.
    Build-CProgram $Bench 'CServer/poetry_server.c' 'CServer/bin/poetry_server'
}

function Build-CProgram([string] $Bench, [string] $Source, [string] $Output) {
    # Builds one C file of the benchmarks with the machine's cc (-O2, warnings on); $null without a compiler.
    if (-not (Install-CCompiler)) { return $null }
    $out = Join-Path $Bench $Output
    $null = New-Item -ItemType Directory -Force (Split-Path $out)
    Invoke-Native cc -O2 -Wall -o $out (Join-Path $Bench $Source) -lm
    $out
}

$script:SyscallNames = 'accept4', 'write', 'sendto', 'close', 'epoll_wait', 'epoll_ctl', 'fcntl', 'setsockopt', 'getsockopt',
    'poll', 'shutdown', 'socket', 'connect', 'recvfrom', 'read', 'ioctl', 'getsockname', 'getpeername', 'futex'

function Test-PerfSyscalls {
    # perf's syscall tracepoints need root (or a relaxed perf_event_paranoid) and tracefs; the
    # distribution's linux-perf is installed when root and missing.
    if ((& id -u) -ne '0') { return $false }
    if (-not (Test-Path /usr/bin/perf) -and (Test-Path /usr/bin/apt-get)) { & apt-get install -y -q linux-perf | Out-Null }
    if (-not (Test-Path /usr/bin/perf)) { return $false }
    [bool](& perf list 'syscalls:sys_enter_accept4' 2>$null | Select-String 'sys_enter_accept4')
}

function Invoke-PerfStat([int] $ProcessId, [string[]] $Command) {
    # Syscall counts (total and by name) of a process while $Command runs, or of $Command itself.
    $file = [IO.Path]::GetTempFileName()
    $events = (@('raw_syscalls:sys_enter') + ($script:SyscallNames | ForEach-Object { "syscalls:sys_enter_$_" })) -join ','
    $target = if ($ProcessId -gt 0) { @('-p', $ProcessId) } else { @() }
    $null = & perf stat '-x,' -o $file -e $events @target -- @Command
    $counts = @{}
    foreach ($line in Get-Content $file) {
        $f = $line.Split(',')
        if ($f.Count -gt 2 -and $f[0] -match '^\d+$') { $counts[($f[2] -replace '^(raw_)?syscalls:sys_enter_?', '') -replace '^$', 'total'] = [double]$f[0] }
    }
    Remove-Item $file
    $counts
}

function Measure-ServerSyscalls($Server, [string] $LoadGen, [int] $Fetches) {
    # Per fetch, after a warm-up of the same size: LoadGen's count mode makes exactly $Fetches fetches.
    $count = @('count', '--port', $Server.Ports[0], '--conns', 100, '--fetches', $Fetches)
    $null = & dotnet $LoadGen @count
    $c = Invoke-PerfStat $Server.Process.Id (@('dotnet', $LoadGen) + $count)
    $per = [ordered]@{}
    foreach ($k in $c.Keys | Sort-Object { -$c[$_] }) { if ($c[$k] / $Fetches -ge 0.01) { $per[$k] = $c[$k] / $Fetches } }
    $per
}

function Measure-ClientSyscalls([scriptblock] $Command) {
    # Per fetch: the difference between runs of 11,000 and 1,000 fetches (start-up cancels out).
    $a = Invoke-PerfStat 0 (& $Command 1000)
    $b = Invoke-PerfStat 0 (& $Command 11000)
    $per = [ordered]@{}
    foreach ($k in $b.Keys | Sort-Object { -($b[$_] - $a[$_]) }) {
        $v = ($b[$k] - $(if ($a.Contains($k)) { $a[$k] } else { 0 })) / 10000
        if ($v -ge 0.01) { $per[$k] = $v }
    }
    $per
}
