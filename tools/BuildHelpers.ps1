# Helpers for build.ps1: running native tools and child processes with bounds, reading results.

function Invoke-Native {
    # Runs a native command and throws on a non-zero exit, so a failed step stops the build.
    $exe, $rest = $args
    & $exe @rest
    if ($LASTEXITCODE -ne 0) { throw "'$exe $($rest -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Install-DebianPackage {
    # Installs the Debian packages the tests drive (a real terminal, network namespaces, real peers)
    # when they are missing: a new machine has none of them. Each key is what a test needs, a command
    # on the PATH or 'python3:<module>' for a module of the system python3; each value its package.
    # Needs root and apt-get; elsewhere the tests that need them skip, saying why. Prints what it did.
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $NeedToPackage)
    $missing = @($NeedToPackage.Keys | Where-Object { -not (Test-TestNeed $_) } |
        ForEach-Object { $NeedToPackage[$_] } | Sort-Object -Unique)
    if ($missing.Count -eq 0) { Write-Host "Test packages: all $(@($NeedToPackage.Values | Sort-Object -Unique).Count) present."; return }
    $root = (& id -u) -eq '0'
    if (-not $root -or -not (Get-Command apt-get -ErrorAction Ignore)) {
        Write-Host "Not installed (needs root and apt-get): $($missing -join ', '); the tests that need them will skip."
        return
    }
    Write-Host "Installing $($missing -join ', ')"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get install -y --no-install-recommends @missing *> $null
    if ($LASTEXITCODE -ne 0) {
        # A new machine's package lists may be stale or empty.
        & apt-get update *> $null
        & apt-get install -y --no-install-recommends @missing *> $null
    }
    $still = @($NeedToPackage.Keys | Where-Object { -not (Test-TestNeed $_) })
    $installed = @($missing | Where-Object { $p = $_; -not ($still | Where-Object { $NeedToPackage[$_] -eq $p }) })
    if ($installed) { Write-Host "Installed: $($installed -join ', ')" }
    if ($still) { Write-Host "apt-get could not provide $($still -join ', '); the tests that need them will skip." }
}

function Test-TestNeed([string] $Need) {
    # True when a command is on the PATH, or a module imports in the system python3 ('python3:<module>').
    if ($Need -like 'python3:*') {
        if (-not (Test-Path /usr/bin/python3)) { return $false }
        & /usr/bin/python3 -c "import $($Need.Substring(8))" *> $null
        return $LASTEXITCODE -eq 0
    }
    [bool] (Get-Command $Need -CommandType Application -ErrorAction Ignore)
}

function Get-PwshCommand {
    # The command line that starts a fresh pwsh like this one: `dotnet pwsh.dll` under the
    # repo-local tool, the pwsh executable otherwise.
    $self = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') {
        return @($self, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return @($self)
}

function Invoke-Child {
    # Runs a process on this console and returns its exit code; past the timeout the whole
    # process tree is killed and the exit code is -1.
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @(),
        [Parameter(Mandatory)] [timespan] $TimeoutSpan
    )
    $psi = [Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($a in $ArgumentList) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    $psi.WorkingDirectory = (Get-Location).Path
    $p = [Diagnostics.Process]::Start($psi)
    try {
        if (-not $p.WaitForExit([int]$TimeoutSpan.TotalMilliseconds)) {
            Write-Host "Timed out after $TimeoutSpan; killing $FilePath."
            $p.Kill($true)
            $p.WaitForExit()
            return -1
        }
        $p.WaitForExit()
        return $p.ExitCode
    } finally {
        $p.Dispose()
    }
}

function Get-JUnitCount {
    # Sums passed, failed and skipped test cases over JUnit XML files; a missing file counts nothing.
    param([string[]] $Path)
    $passed = 0; $failed = 0; $skippedTotal = 0
    foreach ($file in $Path) {
        if (-not $file -or -not (Test-Path $file)) { continue }
        [xml] $doc = Get-Content -Raw $file
        foreach ($suite in $doc.SelectNodes('//testsuite')) {
            $tests = [int]$suite.tests
            $bad = [int]$suite.failures + [int]$suite.errors
            $skipped = 0
            foreach ($name in 'skipped', 'disabled') {
                if ($suite.HasAttribute($name)) { $skipped += [int]$suite.GetAttribute($name) }
            }
            $failed += $bad
            $skippedTotal += $skipped
            $passed += $tests - $bad - $skipped
        }
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed; Skipped = $skippedTotal }
}

function Get-JUnitSkip {
    # The skipped test cases of JUnit XML files, each with its reason: the <skipped message>, else
    # what the runner wrote beside the results. xunit's JUnit logger drops the reason, which the
    # TRX files in $TrxPath keep; Pester's runner writes its skipped tests as JSON ($SkipListPath).
    param([string[]] $Path, [string] $Runner, [string[]] $TrxPath = @(), [string] $SkipListPath, [string] $Root)
    $reasons = @{}
    foreach ($trx in $TrxPath) {
        if (-not $trx -or -not (Test-Path $trx)) { continue }
        [xml] $doc = Get-Content -Raw $trx
        foreach ($r in $doc.SelectNodes("//*[local-name()='UnitTestResult'][@outcome='NotExecuted']")) {
            $message = $r.SelectSingleNode(".//*[local-name()='ErrorInfo']/*[local-name()='Message']")
            if ($message) { $reasons[$r.testName] = $message.InnerText.Trim() }
        }
    }
    if ($SkipListPath -and (Test-Path $SkipListPath)) {
        foreach ($s in @(Get-Content -Raw $SkipListPath | ConvertFrom-Json)) { $reasons["$($s.File)|$($s.Test)"] = $s.Reason }
    }
    foreach ($file in $Path) {
        if (-not $file -or -not (Test-Path $file)) { continue }
        [xml] $doc = Get-Content -Raw $file
        foreach ($case in $doc.SelectNodes('//testcase[skipped]')) {
            $reason = "$($case.SelectSingleNode('skipped').GetAttribute('message'))" -replace '^(\w+: )?is skipped(, because )?', ''
            $class = $case.GetAttribute('classname')
            foreach ($key in "$class|$($case.name)", "$class.$($case.name)") {
                if (-not $reason -and $reasons[$key]) { $reason = $reasons[$key] }
            }
            # Pester names the file as classname; xunit the type, in a suite named after the assembly.
            if ([IO.Path]::IsPathRooted($class)) { $test = $case.name; $where = if ($Root) { [IO.Path]::GetRelativePath($Root, $class) } else { $class } }
            else { $test = "$class.$($case.name)"; $where = $case.ParentNode.GetAttribute('name') }
            [pscustomobject]@{ Runner = $Runner; Test = $test; Where = $where; Reason = $reason }
        }
    }
}
