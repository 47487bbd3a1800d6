param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Delayed and looping calls (Invoke-ReactorLater, Stop-ReactorCall): the tutorial's Part 3
# countdown, cancelling, moving and repeating. A call is shown to have passed its time by a call
# scheduled after it with a delay as long or longer: the reactor runs due calls in time order.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
}

AfterAll {
    Reset-ReactorState
}

Describe 'Delayed calls' {
    BeforeAll { Reset-ReactorState }

    It 'countdown: 5 to 1, one tick apart, then the reactor stops' {
        $tick = 0.1
        $start = [Diagnostics.Stopwatch]::GetTimestamp()
        Invoke-ReactorLater -Delay $tick -Repeat {
            $n = 6 - $_.Count
            if ($n -eq 0) { Stop-Reactor }
            else { [pscustomobject]@{ N = $n; At = [Diagnostics.Stopwatch]::GetTimestamp() } }
        } | Out-Null
        $out = @(Wait-Reactor -TimeoutSec 20)
        $out.N | Should -Be 5, 4, 3, 2, 1
        for ($k = 0; $k -lt 5; $k++) {
            $since = ($out[$k].At - $start) / [Diagnostics.Stopwatch]::Frequency
            # Never early: tick k+1 is due (k+1) ticks after the start (5 ms for clock granularity);
            # lateness is bounded generously.
            $since | Should -BeGreaterOrEqual (($k + 1) * $tick - 0.005)
            $since | Should -BeLessThan (($k + 1) * $tick + 5)
        }
        (Get-Reactor).State | Should -Be 'Stopped'
    }

    It 'a cancelled call never runs' {
        $flag = @{ Ran = $false }
        # Due in a second, cancelled on the next line: a second of slack for a loaded machine.
        $call = Invoke-ReactorLater 1 -ArgumentList $flag { param($f) $f.Ran = $true; 'ran' }
        $call.IsActive | Should -BeTrue
        $call.Time | Should -BeGreaterThan 0
        Stop-ReactorCall $call
        $call.State | Should -Be 'Cancelled'
        Invoke-ReactorLater 1 -Wait -TimeoutSec 30 { 'later one ran' } | Should -Be 'later one ran'
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
}

Describe 'Looping calls' {
    BeforeAll { Reset-ReactorState }

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
}
