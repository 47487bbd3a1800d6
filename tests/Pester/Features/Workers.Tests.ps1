param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Blocking work off the reactor: the reactor keeps running while a worker blocks.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
}

AfterAll {
    Stop-Reactor
    Receive-ReactorOutput *> $null
}

Describe 'Invoke-ReactorWorker' {
    It 'runs off the reactor thread: a timer fires while the worker blocks' {
        $reactorThread = Invoke-ReactorLater 0 -Wait { [Environment]::CurrentManagedThreadId }
        $release = [Threading.ManualResetEventSlim]::new()
        $timer = Invoke-ReactorLater 0.05 -ArgumentList $release { param($r) $r.Set() }
        $worker = Invoke-ReactorWorker -ArgumentList $release {
            param($r)
            "waited: $($r.Wait(15000))"
            [Environment]::CurrentManagedThreadId
        }
        $worker[0] | Should -Be 'waited: True' -Because 'the reactor ran the timer while the worker was blocked'
        $worker[1] | Should -Not -Be $reactorThread
        $timer.State | Should -Be 'Called'
    }

    It 'brings output, errors and arguments back to the caller, as Invoke-Command does' {
        $out = Invoke-ReactorWorker -ArgumentList 2, 3 -ErrorVariable e { param($a, $b) $a * $b; Write-Error 'not fatal' } 2>$null
        $out | Should -Be 6
        $e[0].Exception.Message | Should -Be 'not fatal'
    }

    It 'reports a worker that throws as ReactorCallbackFailed naming it, and the pool keeps working' {
        Invoke-ReactorWorker { throw 'the work broke' } -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'ReactorCallbackFailed,*'
        $e[0].ErrorDetails.Message | Should -BeLike '*Invoke-ReactorWorker -ScriptBlock*the work broke*'
        Invoke-ReactorWorker { 'still here' } | Should -Be 'still here'
    }

    It 'with -OnComplete returns at once and delivers the result on the reactor thread' {
        $reactorThread = Invoke-ReactorLater 0 -Wait { [Environment]::CurrentManagedThreadId }
        $worker = Invoke-ReactorWorker { 'the result' } -OnComplete { "$($_.Result) on $([Environment]::CurrentManagedThreadId), error: $($null -eq $_.Error)" }
        $worker | Should -BeOfType ([PoetryReactor.Objects.ReactorWorker])
        Invoke-ReactorLater 0.05 -Wait { } | Out-Null
        $deadline = [Diagnostics.Stopwatch]::StartNew()
        $got = @()
        while (-not $got -and $deadline.Elapsed.TotalSeconds -lt 15) { $got = @(Receive-ReactorOutput); if (-not $got) { Start-Sleep -Milliseconds 20 } }
        $got | Should -Be "the result on $reactorThread, error: True"
        $worker.State | Should -Be 'Completed'
    }

    It 'inside a callback does not wait, and -OnComplete sees a failure as $_.Error' {
        Invoke-ReactorLater 0 -Wait {
            Invoke-ReactorWorker { throw 'inside' } -OnComplete { "error: $($_.Error.Message)" } | Out-Null
        } 2>$null
        $deadline = [Diagnostics.Stopwatch]::StartNew()
        $got = @()
        while ($got -notcontains 'error: inside' -and $deadline.Elapsed.TotalSeconds -lt 15) { $got += @(Receive-ReactorOutput 2>$null); Start-Sleep -Milliseconds 20 }
        $got | Should -Contain 'error: inside'
    }

    It 'takes its pool size from Start-Reactor -WorkerPoolSize' {
        (Start-Reactor -WorkerPoolSize 3).WorkerPoolSize | Should -Be 3
        (Start-Reactor -WorkerPoolSize 10).WorkerPoolSize | Should -Be 10
        { Start-Reactor -WorkerPoolSize 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'stops waiting on Ctrl+C (PowerShell.Stop) at once' {
        Start-Reactor | Out-Null
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($ModulePath).Invoke()
            $ps.Commands.Clear()
            $null = $ps.AddCommand('Invoke-ReactorWorker').AddParameter('ScriptBlock', { Start-Sleep -Seconds 5 })
            $handle = $ps.BeginInvoke()
            $deadline = [Diagnostics.Stopwatch]::StartNew()
            while ((Get-Reactor).WorkersBusy -lt 1 -and $deadline.Elapsed.TotalSeconds -lt 15) { Start-Sleep -Milliseconds 20 }
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
            $handle.IsCompleted | Should -BeTrue
        } finally { $ps.Dispose() }
    }
}
