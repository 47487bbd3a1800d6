param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# The module's one reactor from start to stop: the tutorial's Part 3 hello program, Start-Reactor,
# Get-Reactor, Stop-Reactor from outside and from inside a callback, and the new reactor after it.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
}

AfterAll {
    Reset-ReactorState
}

Describe 'Part 3 programs' {
    BeforeEach { Reset-ReactorState }

    It 'hello: a callWhenRunning callback prints and the loop stops when asked' {
        Register-ReactorCallback -When Running { 'Hello from the reactor loop!' }
        Invoke-ReactorLater 0.05 { Stop-Reactor } | Out-Null
        $out = Wait-Reactor -TimeoutSec 20
        $out | Should -Contain 'Hello from the reactor loop!'
        (Get-Reactor).State | Should -Be 'Stopped'
    }

    It 'stop when not running: quiet, as Stop-Service on a stopped service' {
        $verbose = Stop-Reactor -ErrorVariable err -ErrorAction SilentlyContinue -Verbose 4>&1
        $err | Should -BeNullOrEmpty
        "$verbose" | Should -BeLike '*No reactor is running*'
        Get-Reactor | ForEach-Object State | Should -Not -Be 'Running'
    }
}

Describe 'The reactor object' {
    BeforeEach { Reset-ReactorState }

    It 'Start-Reactor emits the running reactor; a second call returns the same one' {
        $a = Start-Reactor
        $a | Should -BeOfType ([PoetryReactor.Objects.ReactorInfo])
        $a.State | Should -Be 'Running'
        $a.ThreadId | Should -Not -Be ([Environment]::CurrentManagedThreadId)
        (Start-Reactor).Id | Should -Be $a.Id
    }

    It 'asking for another backend while one runs is an error' {
        if (-not $IsLinux) { Set-ItResult -Skipped -Because 'the Epoll backend is Linux only' }
        (Start-Reactor -Backend Epoll).Backend | Should -Be 'Epoll'
        Start-Reactor -Backend Select -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ReactorBackendMismatch*'
    }

    It 'a stopped reactor stays stopped; the next cmdlet starts a new one, on the default backend' {
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
        $second.Backend | Should -Be ($IsLinux ? 'Epoll' : 'Select') -Because 'a new reactor takes the default backend, not the stopped one''s'
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

    It 'Stop-Reactor inside a callback stops once the callback returns; the next cmdlet starts a new reactor' {
        $first = Start-Reactor
        $out = Invoke-ReactorLater 0 -Wait { Stop-Reactor; 'after stop'; $_.Reactor.IsRunning }
        $out | Should -Be 'after stop', $true
        Wait-Reactor -TimeoutSec 20
        (Get-Reactor).State | Should -Be 'Stopped'
        Invoke-ReactorLater 0 -Wait { 'new loop' } | Should -Be 'new loop'
        (Get-Reactor).Id | Should -BeGreaterThan $first.Id
    }
}
