param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Wait-Reactor's bound. Stopping a wait (Ctrl+C) is in Reliability/Stopping.Tests.ps1.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
}

AfterAll {
    Reset-ReactorState
}

Describe 'Waiting' {
    BeforeEach { Reset-ReactorState }

    It 'Wait-Reactor returns when its timeout passes, the reactor still running' {
        Start-Reactor | Out-Null
        $sw = [Diagnostics.Stopwatch]::StartNew()
        Wait-Reactor -TimeoutSec 0.2
        # Never early (10 ms for timer granularity); how late depends on the machine, so no upper bound.
        $sw.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.19
        (Get-Reactor).State | Should -Be 'Running'
    }
}
