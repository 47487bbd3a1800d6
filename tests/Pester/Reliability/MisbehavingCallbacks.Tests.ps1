param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Scriptblock callbacks that throw, block the loop or flood the event queue: each is reported,
# counted and survived, as in the tutorial's Part 3 ("Take That, Twisted").

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
}

AfterAll {
    Reset-ReactorState
}

Describe 'Callbacks that misbehave' {
    BeforeEach { Reset-ReactorState }

    It 'one that throws (Part 3''s exception program): reported with ErrorId and origin, counted, and the next callback runs' {
        Register-ReactorCallback -When Running { throw 'I fall down.' }
        Register-ReactorCallback -When Running { 'But I get up again.'; Stop-Reactor }
        $out = Wait-Reactor -TimeoutSec 20 -ErrorVariable failures -ErrorAction SilentlyContinue
        $out | Should -Be 'But I get up again.'
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ReactorCallbackFailed*'
        $failures[0].ToString() | Should -BeLike '*Register-ReactorCallback -ScriptBlock at MisbehavingCallbacks.Tests.ps1:*I fall down.*'
        $info = Get-Reactor
        $info.State | Should -Be 'Stopped'
        $info.CallbackErrors | Should -Be 1
    }

    It 'one that blocks past -BlockWarningSeconds: a warning names it, the count goes up, what was due runs late but runs' {
        try {
            # Under the threshold: no warning, not counted.
            Start-Reactor -BlockWarningSeconds 5 | Out-Null
            Invoke-ReactorLater 0 -Wait { Start-Sleep -Milliseconds 300; 'short' } -WarningVariable quiet -WarningAction SilentlyContinue |
                Should -Be 'short'
            $quiet | Should -BeNullOrEmpty -Because 'a 0.3 s block is under a 5 s threshold'
            (Get-Reactor).SlowCallbacks | Should -Be 0

            Start-Reactor -BlockWarningSeconds 0.25 | Out-Null
            $other = Invoke-ReactorLater 0.1 { 'was due during the block' }
            Invoke-ReactorLater 0 -Wait { Start-Sleep -Seconds 1; 'blocked' } -WarningVariable warned -WarningAction SilentlyContinue |
                Should -Be 'blocked'
            $warned.Count | Should -Be 1
            $warned[0].Message | Should -BeLike '*Invoke-ReactorLater -ScriptBlock at MisbehavingCallbacks.Tests.ps1:* blocked the reactor for *'
            $seconds = [double]::Parse(($warned[0].Message -replace '.* blocked the reactor for ([\d.]+) s.*', '$1'), [cultureinfo]::InvariantCulture)
            $seconds | Should -BeGreaterOrEqual 1 -Because 'the warning says how long the loop was blocked'
            # At least: on a loaded machine another callback may pass 0.25 s too.
            (Get-Reactor).SlowCallbacks | Should -BeGreaterOrEqual 1
            # Due before this call, so run before it.
            Invoke-ReactorLater 0 -Wait { } | Out-Null
            $other.IsActive | Should -BeFalse
            Receive-ReactorOutput | Should -Contain 'was due during the block'
        } finally { Start-Reactor -BlockWarningSeconds 0.25 | Out-Null }
    }

    It 'one that writes 100,000 objects with nobody waiting: the queue keeps 10,000, counts the rest and says so' {
        # No blocked-loop warning may join the flood: it would be one more record dropped.
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
