param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# The threading rules of scriptblock callbacks: they run on the reactor thread, one at a time,
# see only what -ArgumentList and $using: give them, and call the module's cmdlets directly.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
}

AfterAll {
    Reset-ReactorState
}

Describe 'Scriptblock callbacks' {
    BeforeAll { Reset-ReactorState }

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
}
