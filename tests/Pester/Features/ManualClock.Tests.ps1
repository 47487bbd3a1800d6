param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Time that tests control: a reactor on a manual clock runs its calls only when Step-ReactorClock says.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
}

Describe 'Start-Reactor -ManualClock and Step-ReactorClock' {
    AfterEach {
        Stop-Reactor
        Receive-ReactorOutput *> $null
    }

    It 'runs an hour-long timer only when the clock gets there, in milliseconds of real time' {
        (Start-Reactor -ManualClock).Clock | Should -Be 'Manual'
        Invoke-ReactorLater 3600 { 'an hour later' } | Out-Null
        $watch = [Diagnostics.Stopwatch]::StartNew()
        Step-ReactorClock 3599.5 | Should -BeNullOrEmpty
        Step-ReactorClock 0.5 | Should -Be 'an hour later'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
        (Get-Reactor).ClockTime | Should -Be 3600
    }

    It 'runs due calls in time order and repeats a looping call at each of its times' {
        Start-Reactor -ManualClock | Out-Null
        Invoke-ReactorLater 90 { "once at $($_.Reactor.Seconds())" } | Out-Null
        Invoke-ReactorLater 60 -Repeat -Count 3 { "tick $($_.Count) at $($_.Reactor.Seconds())" } | Out-Null
        Step-ReactorClock 1000 | Should -Be 'tick 1 at 60', 'once at 90', 'tick 2 at 120', 'tick 3 at 180'
    }

    It 'refuses a negative step, and a reactor on real time' {
        { Step-ReactorClock -5 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        Start-Reactor | Out-Null
        Step-ReactorClock 1 -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'ReactorClockNotManual,*'
        Start-Reactor -ManualClock -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'ReactorClockMismatch,*'
    }
}

Describe 'Repeating calls' {
    AfterEach {
        Stop-Reactor
        Receive-ReactorOutput *> $null
    }

    It '-Now runs the first time at once' {
        Start-Reactor -ManualClock | Out-Null
        $call = Invoke-ReactorLater 60 -Repeat -Now -Count 2 { "run $($_.Count) at $($_.Reactor.Seconds())" }
        Receive-ReactorOutput | Should -Be 'run 1 at 0'
        Step-ReactorClock 60 | Should -Be 'run 2 at 60'
        $call.State | Should -Be 'Called'
    }

    It 'a failed run stops the loop, as Twisted''s LoopingCall, unless -ContinueOnError' {
        Start-Reactor -ManualClock | Out-Null
        $stops = Invoke-ReactorLater 10 -Repeat { if ($_.Count -eq 2) { throw 'second' } }
        $goesOn = Invoke-ReactorLater 10 -Repeat -Count 4 -ContinueOnError { if ($_.Count -eq 2) { throw 'second' } }
        Step-ReactorClock 100 -ErrorAction SilentlyContinue -ErrorVariable e | Out-Null
        $stops.State | Should -Be 'Called'
        $stops.Count | Should -Be 2
        $stops.Failures | Should -Be 1
        $goesOn.Count | Should -Be 4
        $goesOn.Failures | Should -Be 1
        ($e | Where-Object FullyQualifiedErrorId -Like 'ReactorCallbackFailed*').Count | Should -Be 2
    }

    It 'Get-ReactorCall shows a running loop''s count and next time' {
        Start-Reactor -ManualClock | Out-Null
        Invoke-ReactorLater 30 -Repeat -Name every30 { } | Out-Null
        Step-ReactorClock 65 | Out-Null
        $call = Get-ReactorCall -Name every30
        $call.Count | Should -Be 2
        $call.Time | Should -Be 90
        $call.DueIn | Should -Be 25
    }
}
