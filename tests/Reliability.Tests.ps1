param([string] $ModulePath = (Join-Path $PSScriptRoot '../out/PoetryReactor/PoetryReactor.psd1'))

# Faults from the user's side: Ctrl+C (PowerShell.Stop, which is what Ctrl+C calls), module removal
# and process exit with servers running, callbacks that misbehave, bad parameters, hostile bytes,
# and a thousand fetches in one session. Every wait is bounded.

BeforeAll {
    Import-Module $ModulePath
    . (Join-Path $PSScriptRoot 'PoetryTestHelpers.ps1')
    $script:Utf8 = [Text.UTF8Encoding]::new($false)

    function Test-Refused([int] $Port) {
        # True when nothing listens on the loopback port any more.
        $c = [Net.Sockets.TcpClient]::new()
        try { $c.Connect([Net.IPAddress]::Loopback, $Port); $false }
        catch [Net.Sockets.SocketException] { $_.Exception.SocketErrorCode -eq 'ConnectionRefused' }
        finally { $c.Dispose() }
    }

    function Get-ReactorThreadCount {
        # Threads of this process named after the module's reactor thread, from /proc.
        @(Get-ChildItem /proc/self/task -Directory | Where-Object {
                (Get-Content -Raw -ErrorAction Ignore (Join-Path $_.FullName 'comm')) -match '^PoetryReactor'
            }).Count
    }

    function Start-Stoppable {
        # Runs $Script in a new [powershell] with the module imported; returns it, its handle and its output.
        param([Parameter(Mandatory)] [scriptblock] $Script, [object[]] $ArgumentList = @())
        $ps = [powershell]::Create()
        # Import first, then one statement (see Stop-Midway: a stopped batch can crash the process).
        $null = $ps.AddCommand('Import-Module').AddArgument($ModulePath).Invoke()
        $ps.Commands.Clear()
        $null = $ps.AddScript($Script)
        foreach ($a in $ArgumentList) { $null = $ps.AddArgument($a) }
        $out = [Management.Automation.PSDataCollection[psobject]]::new()
        $handle = $ps.BeginInvoke([Management.Automation.PSDataCollection[psobject]]::new(), $out)
        [pscustomobject]@{ PowerShell = $ps; Handle = $handle; Output = $out }
    }

    function Stop-Timed($Run) {
        # Ctrl+C: stops the pipeline and returns how long the stop took, in seconds.
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $Run.PowerShell.Stop()
        $watch.Elapsed.TotalSeconds
    }
}

AfterAll {
    Stop-PoetryServer -All
    Stop-Reactor -ErrorAction Ignore
}

Describe 'Ctrl+C' {
    BeforeAll {
        # No poem completes while a test runs: 8 bytes a second.
        $script:Slow = 1..2 | ForEach-Object { Start-PoetryServer -Path (New-PoemFile -Name "slow$_" -Text ('slow line ' * 20)) -ChunkSize 8 -Delay 1 }
        $script:SlowPorts = $Slow.Port
    }
    AfterAll { $Slow | Stop-PoetryServer }

    It 'during Get-Poetry -Mode <Mode> -IncludeChunk -Verbose: returns at once, closes every socket, servers keep serving' -TestCases @(
        foreach ($m in 'Protocol', 'Reader', 'Select', 'Threaded', 'Blocking') { @{ Mode = $m } }
    ) {
        $run = Start-Stoppable { param($a, $m) Get-Poetry $a -Mode $m -IncludeChunk -Verbose } -ArgumentList @(($Slow | ForEach-Object Address), $Mode)
        try {
            # Count, not enumeration: enumerating an open PSDataCollection blocks until it closes.
            Wait-Until { $run.Output.Count -ge 1 } -Because 'a first chunk'
            $run.Output[0] | Should -BeOfType [PoetryReactor.Core.Poetry.Clients.ChunkEvent]
            Stop-Timed $run | Should -BeLessThan 3
            $run.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
            Get-ClientSocketCount -Port $SlowPorts | Should -Be 0
            ($Slow | ForEach-Object State) | Should -Be 'Listening', 'Listening'
        } finally { $run.PowerShell.Dispose() }
    }

    It 'during Wait-Reactor: returns at once and the reactor keeps running' {
        $run = Start-Stoppable { Invoke-ReactorLater 0 { 'started' } | Out-Null; Wait-Reactor }
        try {
            Wait-Until { $run.Output.Count -ge 1 } -Because 'the waiter to stream'
            Stop-Timed $run | Should -BeLessThan 3
            (Get-Reactor).State | Should -Be 'Running'
        } finally { $run.PowerShell.Dispose() }
    }

    It 'while a scriptblock callback runs: the waiting cmdlet returns, the callback finishes and reports to the event queue' {
        Receive-ReactorOutput | Out-Null
        $run = Start-Stoppable { Invoke-ReactorLater 0 -Wait { 'inside'; Start-Sleep -Milliseconds 3000; 'finished' } }
        try {
            Wait-Until { $run.Output.Count -ge 1 } -Because 'the callback to start'
            Stop-Timed $run | Should -BeLessThan 2 -Because 'Ctrl+C does not wait for the 3 s callback'
        } finally { $run.PowerShell.Dispose() }
        # The reactor runs the callback to its end, then serves the next call; its late output is not lost.
        Invoke-ReactorLater 0 -Wait { 'next' } -TimeoutSec 10 | Should -Be 'next'
        Receive-ReactorOutput | Should -Contain 'finished'
        (Get-Reactor).State | Should -Be 'Running'
    }
}

Describe 'Module and process lifetime' {
    It 'Remove-Module with servers and a listener running closes them all and ends the reactor thread' {
        $lines = @(Invoke-ChildPwsh -TimeoutSec 60 -Command @"
Import-Module '$ModulePath'
`$p = (Start-PoetryServer -Poem ecstasy).Port, (Start-PoetryServer -Poem science -Blocking).Port, (Start-ReactorListener 0 -OnDataReceived { }).Port
`$before = @(Get-ChildItem /proc/self/task -Directory | Where-Object { (Get-Content -Raw (Join-Path `$_.FullName comm)) -match '^PoetryReactor' }).Count
Remove-Module PoetryReactor
`$left = foreach (`$port in `$p) { `$c = [Net.Sockets.TcpClient]::new(); try { `$c.Connect('127.0.0.1', `$port); "open `$port" } catch { } finally { `$c.Dispose() } }
`$deadline = [Diagnostics.Stopwatch]::StartNew()
do { `$after = @(Get-ChildItem /proc/self/task -Directory | Where-Object { (Get-Content -Raw (Join-Path `$_.FullName comm)) -match '^PoetryReactor' }).Count } while (`$after -gt 0 -and `$deadline.Elapsed.TotalSeconds -lt 10)
"ports `$(`$p.Count) open `$(@(`$left).Count) threads `$before `$after"
"@)
        $lines[-1] | Should -Be 'ports 3 open 0 threads 1 0'
    }

    It 'process exit with servers running: no hang, nothing left listening' {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $lines = @(Invoke-ChildPwsh -TimeoutSec 60 -Command @"
Import-Module '$ModulePath'
(Start-PoetryServer -Poem ecstasy -Delay 0.01).Port
(Start-PoetryServer -Poem science -Blocking).Port
(Start-ReactorListener 0 -OnDataReceived { }).Port
`$c = [Net.Sockets.TcpClient]::new(); `$c.Connect('127.0.0.1', (Get-PoetryServer)[0].Port)   # a live connection too
exit 0
"@)
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
        $lines.Count | Should -Be 3
        foreach ($port in $lines) { Test-Refused ([int] $port) | Should -BeTrue -Because "port $port belonged to an exited process" }
    }
}

Describe 'Callbacks that misbehave' {
    BeforeEach {
        Stop-Reactor -ErrorAction Ignore
        Start-Reactor | Out-Null
        Receive-ReactorOutput | Out-Null
    }

    It 'one that throws: its error is reported with ErrorId and origin, counted, and the reactor goes on' {
        $errorsBefore = (Get-Reactor).CallbackErrors
        Invoke-ReactorLater 0 { throw 'boom' } | Out-Null
        Invoke-ReactorLater 0 -Wait { 'still here' } | Should -Be 'still here'
        Receive-ReactorOutput -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ReactorCallbackFailed*'
        $err[0].ToString() | Should -BeLike '*Reliability.Tests.ps1*boom*'
        (Get-Reactor).CallbackErrors | Should -Be ($errorsBefore + 1)
    }

    It 'one that calls Stop-Reactor: the reactor stops after it, and the next cmdlet starts a new one' {
        $id = (Get-Reactor).Id
        Invoke-ReactorLater 0 -Wait { Stop-Reactor; 'stopping' } | Should -Be 'stopping'
        Wait-Until { (Get-Reactor).State -eq 'Stopped' } -Because 'the reactor to stop'
        Invoke-ReactorLater 0 -Wait { 'new loop' } | Should -Be 'new loop'
        (Get-Reactor).Id | Should -Not -Be $id
    }

    It 'one that blocks for a second: a warning names it, the count goes up, what was due runs late but runs' {
        $slowBefore = (Get-Reactor).SlowCallbacks
        $other = Invoke-ReactorLater 0.1 { 'was due during the block' }
        Invoke-ReactorLater 0 -Wait { Start-Sleep -Seconds 1; 'blocked' } -WarningVariable warned -WarningAction SilentlyContinue | Should -Be 'blocked'
        $warned[0].Message | Should -BeLike '*Reliability.Tests.ps1*blocked the reactor for 1.*'
        (Get-Reactor).SlowCallbacks | Should -Be ($slowBefore + 1)
        Invoke-ReactorLater 0 -Wait { } | Out-Null
        $other.IsActive | Should -BeFalse
        Receive-ReactorOutput | Should -Contain 'was due during the block'
    }

    It 'one that writes 100,000 objects with nobody waiting: the queue keeps 10,000, counts the rest and says so' {
        Start-Reactor -BlockWarningSeconds 60 | Out-Null
        try {
            $before = (Get-Reactor).EventsDropped
            Invoke-ReactorLater 0 { 1..100000 } | Out-Null
            Invoke-ReactorLater 0 -Wait { 'after the flood' } | Should -Be 'after the flood'
            (Get-Reactor).EventsDropped - $before | Should -Be 90000
            $out = Receive-ReactorOutput -WarningVariable warned -WarningAction SilentlyContinue
            $out.Count | Should -Be 10000
            $out[0] | Should -Be 1
            $warned[0].Message | Should -BeLike '90000 callback record(s) were dropped*'
            (Get-Reactor).State | Should -Be 'Running'
        } finally { Start-Reactor -BlockWarningSeconds 0.25 | Out-Null }
    }
}

Describe 'Parameter validation' {
    It '<Command>: a <Id> error, at once' -TestCases @(
        @{ Command = 'Get-Poetry 127.0.0.1:1 -TimeoutSec -1'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Get-Poetry 127.0.0.1:1 -MaxBytes 0'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Get-Poetry 127.0.0.1:1 -MaxBytes -5'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Get-Poetry -Address $null'; Id = 'ParameterArgumentValidationErrorNullNotAllowed' }
        @{ Command = 'Get-Poetry -Address @()'; Id = 'ParameterArgumentValidationErrorEmptyArrayNotAllowed' }
        @{ Command = 'Get-Poetry 127.0.0.1:1 -Mode Fastest'; Id = 'CannotConvertArgumentNoMessage' }
        @{ Command = 'Start-PoetryServer ecstasy -Delay -0.5'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Start-PoetryServer ecstasy -ChunkSize 0'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Start-PoetryServer ecstasy -ChunkSize 2147483647'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Start-PoetryServer ecstasy -ChunkSize 1e12'; Id = 'CannotConvertArgumentNoMessage' }
        @{ Command = 'Start-PoetryServer ecstasy -MaxConnections 0'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Start-PoetryServer ecstasy -Port 70000'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Start-PoetryServer -Poem $null'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Start-PoetryServer -Poem @()'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Start-PoetryServer -Path @()'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Invoke-ReactorLater -Delay -1 { }'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Invoke-ReactorLater 0 -Repeat -Count 0 { }'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Invoke-ReactorLater 0 $null'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Wait-Reactor -TimeoutSec -2'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Start-Reactor -BlockWarningSeconds 0'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Start-ReactorListener -Port -1'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Connect-ReactorClient -Address @()'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Connect-ReactorClient 127.0.0.1:1 -TimeoutSec -1'; Id = 'ParameterArgumentValidationError' }
    ) {
        $run = Start-Stoppable ([scriptblock]::Create("$Command -ErrorAction Stop"))
        try {
            $run.Handle.AsyncWaitHandle.WaitOne([timespan]::FromSeconds(10)) | Should -BeTrue -Because 'bad input must fail, not hang'
            $record = if ($run.PowerShell.InvocationStateInfo.Reason) { $run.PowerShell.InvocationStateInfo.Reason.ErrorRecord } else { $run.PowerShell.Streams.Error[0] }
            $record.FullyQualifiedErrorId | Should -BeLike "$Id,*"
            $record.CategoryInfo.Category | Should -BeIn 'InvalidData', 'InvalidArgument'
            $run.Output.Count | Should -Be 0
            (Get-PoetryServer).Count | Should -Be 0 -Because 'nothing starts on bad input'
        } finally { $run.PowerShell.Dispose() }
    }
}
