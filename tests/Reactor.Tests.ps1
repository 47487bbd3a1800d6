param([string] $ModulePath = (Join-Path $PSScriptRoot '../out/PoetryReactor/PoetryReactor.psd1'))

# The tutorial's Part 3 programs (hello, countdown, exception, stop) and the threading rules of
# scriptblock callbacks, against the built module. Every wait is bounded; no fixed sleeps.

BeforeAll {
    Import-Module $ModulePath -Force

    # A fresh reactor and an empty event queue, so one test's records never reach another.
    function Reset-TestReactor {
        Stop-Reactor -ErrorAction Ignore
        Receive-ReactorOutput | Out-Null
    }

    function Get-Ticks { [Diagnostics.Stopwatch]::GetTimestamp() }
    function ConvertTo-Seconds([long] $Ticks) { $Ticks / [Diagnostics.Stopwatch]::Frequency }
}

AfterAll {
    Stop-Reactor -ErrorAction Ignore
}

Describe 'Part 3 programs' {
    BeforeEach { Reset-TestReactor }

    It 'hello: a callWhenRunning callback prints and the loop stops when asked' {
        Register-ReactorCallback -When Running { 'Hello from the reactor loop!' }
        Invoke-ReactorLater 0.05 { Stop-Reactor } | Out-Null
        $out = Wait-Reactor -TimeoutSec 20
        $out | Should -Contain 'Hello from the reactor loop!'
        (Get-Reactor).State | Should -Be 'Stopped'
    }

    It 'countdown: 5 to 1, one tick apart, then the reactor stops' {
        $tick = 0.1
        $start = Get-Ticks
        Invoke-ReactorLater -Delay $tick -Repeat {
            $n = 6 - $_.Count
            if ($n -eq 0) { Stop-Reactor }
            else { [pscustomobject]@{ N = $n; At = [Diagnostics.Stopwatch]::GetTimestamp() } }
        } | Out-Null
        $out = @(Wait-Reactor -TimeoutSec 20)
        $out.N | Should -Be 5, 4, 3, 2, 1
        for ($k = 0; $k -lt 5; $k++) {
            $since = ConvertTo-Seconds ($out[$k].At - $start)
            # Never early: tick k+1 is due (k+1) ticks after the start; lateness is bounded generously.
            $since | Should -BeGreaterOrEqual (($k + 1) * $tick - 0.005)
            $since | Should -BeLessThan (($k + 1) * $tick + 5)
        }
        (Get-Reactor).State | Should -Be 'Stopped'
    }

    It 'exception: the first callback throws, its error is reported, the second runs and stops the reactor' {
        Register-ReactorCallback -When Running { throw 'I fall down.' }
        Register-ReactorCallback -When Running { 'But I get up again.'; Stop-Reactor }
        $out = Wait-Reactor -TimeoutSec 20 -ErrorVariable failures -ErrorAction SilentlyContinue
        $out | Should -Be 'But I get up again.'
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ReactorCallbackFailed*'
        $failures[0].ToString() | Should -BeLike '*Register-ReactorCallback -ScriptBlock at Reactor.Tests.ps1:*I fall down.*'
        $info = Get-Reactor
        $info.State | Should -Be 'Stopped'
        $info.CallbackErrors | Should -Be 1
    }

    It 'stop when not running: quiet, as Stop-Service on a stopped service' {
        $verbose = Stop-Reactor -ErrorVariable err -ErrorAction SilentlyContinue -Verbose 4>&1
        $err | Should -BeNullOrEmpty
        "$verbose" | Should -BeLike '*No reactor is running*'
        Get-Reactor | ForEach-Object State | Should -Not -Be 'Running'
    }
}

Describe 'The reactor object' {
    BeforeEach { Reset-TestReactor }

    It 'Start-Reactor emits the running reactor; a second call returns the same one' {
        $a = Start-Reactor
        $a | Should -BeOfType ([PoetryReactor.Objects.ReactorInfo])
        $a.State | Should -Be 'Running'
        $a.ThreadId | Should -Not -Be ([Environment]::CurrentManagedThreadId)
        (Start-Reactor).Id | Should -Be $a.Id
    }

    It 'asking for another backend while one runs is an error' -Skip:(-not $IsLinux) {
        (Start-Reactor -Backend Epoll).Backend | Should -Be 'Epoll'
        Start-Reactor -Backend Select -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ReactorBackendMismatch*'
    }

    It 'a stopped reactor stays stopped; the next cmdlet starts a new one' {
        $first = Start-Reactor -Backend Select
        $pending = Invoke-ReactorLater 60 { 'never' }
        Register-ReactorCallback -When Shutdown { "shutdown trigger of reactor $((Get-Reactor).Id)" }
        Stop-Reactor -PassThru | ForEach-Object State | Should -Be 'Stopped'
        Receive-ReactorOutput | Should -Be "shutdown trigger of reactor $($first.Id)"
        $pending.State | Should -Be 'Cancelled'
        Stop-ReactorCall $pending -ErrorVariable err -ErrorAction SilentlyContinue -PassThru | Should -Be $pending
        $err | Should -BeNullOrEmpty -Because 'stopping a call that was dropped with its reactor is quiet'

        $second = Invoke-ReactorLater 0 -Wait { Get-Reactor }
        $second.Id | Should -BeGreaterThan $first.Id
        $second.State | Should -Be 'Running'
        $second.Backend | Should -Not -BeNullOrEmpty
    }

    It 'Get-Reactor reports pending calls, callbacks, errors and loop lag, live' {
        Start-Reactor | Out-Null
        $calls = 1..3 | ForEach-Object { Invoke-ReactorLater 30 { } }
        $info = Get-Reactor
        $info.PendingCalls | Should -Be 3
        $calls | Stop-ReactorCall
        Invoke-ReactorLater 0.02 -Wait { throw 'counted' } -ErrorAction SilentlyContinue
        $info = Get-Reactor
        $info.PendingCalls | Should -Be 0
        $info.ScriptCallbacksRun | Should -BeGreaterOrEqual 1
        $info.CallbackErrors | Should -Be 1
        $info.CallbacksRun | Should -BeGreaterThan 0
        $info.MaxLag | Should -BeGreaterThan ([timespan]::Zero)
        $info.MedianLag | Should -BeLessOrEqual $info.MaxLag
        $info.Uptime | Should -BeGreaterThan ([timespan]::Zero)
    }

    It 'Stop-Reactor inside a callback stops once the callback returns' {
        $out = Invoke-ReactorLater 0 -Wait { Stop-Reactor; 'after stop'; $_.Reactor.IsRunning }
        $out | Should -Be 'after stop', $true
        Wait-Reactor -TimeoutSec 20
        (Get-Reactor).State | Should -Be 'Stopped'
    }
}

Describe 'Scriptblock callbacks' {
    BeforeAll { Reset-TestReactor }

    It 'run on the reactor thread, never the pipeline thread' {
        $reactorThread = (Start-Reactor).ThreadId
        Register-ReactorCallback -When Running { [Environment]::CurrentManagedThreadId }
        $ids = @(Invoke-ReactorLater 0 -Wait { [Environment]::CurrentManagedThreadId })
        $ids += Invoke-ReactorLater 0.01 -Repeat -Count 3 -Wait { [Environment]::CurrentManagedThreadId }
        $ids += Receive-ReactorOutput
        $ids.Count | Should -Be 5
        $ids | Should -Not -Contain ([Environment]::CurrentManagedThreadId)
        $ids | Select-Object -Unique | Should -Be $reactorThread
    }

    It '1,000 callbacks scheduled from 4 runspaces at once all run, one at a time' {
        $shared = @{ N = 0; Active = 0; Overlaps = 0 }
        Start-Reactor | Out-Null
        $workers = 1..4 | ForEach-Object {
            $ps = [powershell]::Create()
            $null = $ps.AddScript({
                param($ModulePath, $Shared)
                Import-Module $ModulePath
                for ($i = 0; $i -lt 250; $i++) {
                    Invoke-ReactorLater 0 -ArgumentList $Shared {
                        param($s)
                        # Unlocked read-modify-write: exact only if no two callbacks ever overlap.
                        $s.Active = $s.Active + 1
                        if ($s.Active -ne 1) { $s.Overlaps = $s.Overlaps + 1 }
                        $s.N = $s.N + 1
                        $s.Active = $s.Active - 1
                    } | Out-Null
                }
            }).AddArgument($ModulePath).AddArgument($shared)
            [pscustomobject]@{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
        }
        try {
            foreach ($w in $workers) {
                $w.Handle.AsyncWaitHandle.WaitOne([timespan]::FromSeconds(60)) | Should -BeTrue
                $w.PowerShell.EndInvoke($w.Handle)
                $w.PowerShell.Streams.Error | Should -BeNullOrEmpty
            }
        }
        finally {
            $workers.PowerShell | ForEach-Object Dispose
        }
        # Scheduled after all 1,000, so it runs after them.
        Invoke-ReactorLater 0 -ArgumentList $shared -Wait -TimeoutSec 60 { param($s) $s.N } | Should -Be 1000
        $shared.Overlaps | Should -Be 0
        (Get-Reactor).State | Should -Be 'Running'
    }

    It '$using: and -ArgumentList reach the callback; caller variables do not' {
        $secret = 'caller only'
        $greeting = 'via using'
        $out = Invoke-ReactorLater 0 -ArgumentList 'via args', 42 -Wait {
            param($a, $n)
            $using:greeting
            $a
            $n + 1
            [string]::IsNullOrEmpty($secret)
        }
        $out | Should -Be 'via using', 'via args', 43, $true
    }

    It 'a $using: variable that is not set is an error, and nothing is scheduled' {
        Remove-Variable nothingHere -ErrorAction Ignore
        $before = (Get-Reactor).PendingCalls
        Invoke-ReactorLater 30 { $using:nothingHere } -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ReactorCallbackInvalid*'
        (Get-Reactor).PendingCalls | Should -Be $before
    }

    It 'a cancelled call never runs' {
        $flag = @{ Ran = $false }
        $call = Invoke-ReactorLater 0.2 -ArgumentList $flag { param($f) $f.Ran = $true; 'ran' }
        $call.IsActive | Should -BeTrue
        $call.Time | Should -BeGreaterThan 0
        Stop-ReactorCall $call
        $call.State | Should -Be 'Cancelled'
        # Well past its due time: a call scheduled later runs after it would have.
        Invoke-ReactorLater 0.4 -Wait -TimeoutSec 30 { 'later one ran' } | Should -Be 'later one ran'
        $flag.Ran | Should -BeFalse
        Receive-ReactorOutput | Should -BeNullOrEmpty
        $thrown = $null
        try { $call.Cancel() } catch { $thrown = $_.Exception.InnerException }
        $thrown | Should -BeOfType ([PoetryReactor.Core.AlreadyCancelledException])
    }

    It 'a call that has run has nothing left to stop: quiet, and it stays Called' {
        $call = Invoke-ReactorLater 0 { 'done' }
        Invoke-ReactorLater 0.05 -Wait { } | Out-Null
        $call.State | Should -Be 'Called'
        $verbose = Stop-ReactorCall $call -ErrorVariable err -ErrorAction SilentlyContinue -Verbose 4>&1
        $err | Should -BeNullOrEmpty
        "$verbose" | Should -BeLike '*Nothing to stop*already*'
        $call.State | Should -Be 'Called'
        Receive-ReactorOutput | Should -Be 'done'
    }

    It 'Reset and Delay move a pending call' {
        $call = Invoke-ReactorLater 30 { }
        $t0 = $call.Time
        $call.Delay(10)
        $call.Time | Should -BeGreaterOrEqual ($t0 + 9.999)
        $call.Reset(0.01)
        $call.Time | Should -BeLessThan $t0
        Invoke-ReactorLater 0.2 -Wait { } | Out-Null
        $call.State | Should -Be 'Called'
    }

    It 'a looping call runs -Count times, keeps $_.State between runs, then is done' {
        $out = Invoke-ReactorLater 0.01 -Repeat -Count 3 -Wait -TimeoutSec 30 {
            $_.State.Total += 10
            '{0}:{1}:{2}' -f $_.Name, $_.Count, $_.State.Total
        }
        $out | Should -Be 'Later:1:10', 'Later:2:20', 'Later:3:30'
    }

    It 'a looping call stops after a run that throws' {
        $box = @{}
        # -Wait returns once the looping call is done, so no guess at how long two runs take.
        $out = Invoke-ReactorLater 0.01 -Repeat -Wait -TimeoutSec 30 -ArgumentList $box {
            param($b)
            $b.Call = $_.Call
            if ($_.Count -eq 2) { throw 'enough' }
            $_.Count
        } -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -Be 1
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ReactorCallbackFailed*'
        $box.Call.State | Should -Be 'Called'
        $box.Call.Count | Should -Be 2
    }

    It 'a looping call can cancel itself from inside' {
        $out = Invoke-ReactorLater 0.01 -Repeat -Wait -TimeoutSec 30 { $_.Count; if ($_.Count -eq 4) { $_.Call.Cancel() } }
        $out | Should -Be 1, 2, 3, 4
    }

    It 'a callback that blocks the loop past the threshold warns, naming it' {
        Start-Reactor -BlockWarningSeconds 0.1 | Out-Null
        try {
            Invoke-ReactorLater 0 -Wait { Start-Sleep -Milliseconds 300; 'slept' } -WarningVariable warned -WarningAction SilentlyContinue |
                Should -Be 'slept'
            $warned.Count | Should -Be 1
            $warned[0].Message | Should -BeLike '*Invoke-ReactorLater -ScriptBlock at Reactor.Tests.ps1:* blocked the reactor for *'
            (Get-Reactor).SlowCallbacks | Should -BeGreaterOrEqual 1
        }
        finally {
            Start-Reactor -BlockWarningSeconds 0.25 | Out-Null
        }
    }

    It 'module cmdlets inside a callback act on the reactor directly, without deadlock' {
        $out = Invoke-ReactorLater 0 -Wait -TimeoutSec 30 {
            (Get-Reactor).State
            Register-ReactorCallback -When Running { 'nested at once' }
            $inner = Invoke-ReactorLater 0 { 'inner later' }
            $inner.IsActive
            Wait-Reactor -ErrorAction SilentlyContinue -ErrorVariable e
            $e[0].FullyQualifiedErrorId
        }
        $out[0] | Should -Be 'Running'
        $out[1] | Should -BeTrue
        $out[2] | Should -BeLike 'ReactorWaitInCallback*'
        Invoke-ReactorLater 0.05 -Wait { } | Out-Null
        Receive-ReactorOutput | Should -Be 'nested at once', 'inner later'
    }

    It 'a full event queue drops records, counts them and says so' {
        Receive-ReactorOutput | Out-Null
        # No blocked-loop warning may join the flood: it would be one more record dropped.
        Start-Reactor -BlockWarningSeconds 60 | Out-Null
        try {
            $droppedBefore = (Get-Reactor).EventsDropped
            Invoke-ReactorLater 0 -Wait { Invoke-ReactorLater 0 { 1..10050 } | Out-Null } | Out-Null
            Invoke-ReactorLater 0.05 -Wait { } | Out-Null
            (Get-Reactor).EventsDropped - $droppedBefore | Should -Be 50
            $out = Receive-ReactorOutput -WarningVariable warned -WarningAction SilentlyContinue
            $out.Count | Should -Be 10000
            $warned[0].Message | Should -BeLike '50 callback record(s) were dropped*'
        }
        finally {
            Start-Reactor -BlockWarningSeconds 0.25 | Out-Null
        }
    }
}

Describe 'Waiting' {
    BeforeEach { Reset-TestReactor }

    It 'Wait-Reactor returns when its timeout passes, the reactor still running' {
        Start-Reactor | Out-Null
        $sw = [Diagnostics.Stopwatch]::StartNew()
        Wait-Reactor -TimeoutSec 0.2
        $sw.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.19
        (Get-Reactor).State | Should -Be 'Running'
    }

    It 'a stopped Wait-Reactor (Ctrl+C) leaves the reactor running; a stopped -Wait cancels its call' {
        Start-Reactor | Out-Null
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
            param($ModulePath)
            Import-Module $ModulePath
            Invoke-ReactorLater 0.02 -Repeat -Wait { 'tick' }
        }).AddArgument($ModulePath)
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $handle = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
        try {
            [Threading.SpinWait]::SpinUntil({ $output.Count -ge 2 }, [timespan]::FromSeconds(30)) | Should -BeTrue
            $ps.Stop()
            $handle.IsCompleted | Should -BeTrue
        }
        finally { $ps.Dispose() }
        # Ticks written but not yet read when the wait stopped went to the event queue; no more come.
        Invoke-ReactorLater 0.1 -Wait { } | Out-Null
        Receive-ReactorOutput | Out-Null
        Invoke-ReactorLater 0.1 -Wait { } | Out-Null
        Receive-ReactorOutput | Should -BeNullOrEmpty
        $info = Get-Reactor
        $info.State | Should -Be 'Running'
        $info.PendingCalls | Should -Be 0

        $waiter = [powershell]::Create()
        $null = $waiter.AddScript({ param($ModulePath) Import-Module $ModulePath; Wait-Reactor }).AddArgument($ModulePath)
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $handle = $waiter.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
        try {
            Invoke-ReactorLater 0 { 'ping' } | Out-Null
            [Threading.SpinWait]::SpinUntil({ $output.Count -ge 1 }, [timespan]::FromSeconds(30)) | Should -BeTrue
            $output[0] | Should -Be 'ping'
            $waiter.Stop()
            $handle.IsCompleted | Should -BeTrue
        }
        finally { $waiter.Dispose() }
        (Get-Reactor).State | Should -Be 'Running'
    }
}
