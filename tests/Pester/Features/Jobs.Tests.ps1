param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# -AsJob: real jobs in Get-Job.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
}

AfterAll {
    Get-Job | Where-Object PSJobTypeName -EQ ReactorJob | Remove-Job -Force
    Get-PoetryServer | Stop-PoetryServer
    Stop-Reactor
}

Describe 'Get-Poetry -AsJob' {
    It 'is a job in Get-Job whose Receive-Job streams poems as they complete, with the errors' {
        $quick = Start-PoetryServer science -Delay 0
        $slow = Start-PoetryServer lanterns -ChunkSize 20 -Delay 0.05
        $job = Get-Poetry -Address $quick.Address, $slow.Address, 127.0.0.1:1 -AsJob -JobName poems
        (Get-Job -Name poems).Id | Should -Be $job.Id
        $job.PSJobTypeName | Should -Be 'ReactorJob'
        $deadline = [Diagnostics.Stopwatch]::StartNew()
        $first = @()
        $failed = @()
        while (-not $first -and $deadline.Elapsed.TotalSeconds -lt 15) { $first = @(Receive-Job $job -ErrorAction SilentlyContinue -ErrorVariable +failed); Start-Sleep -Milliseconds 20 }
        ($first | ForEach-Object Address) | Should -Contain $quick.Address -Because 'the quick poem arrives while the slow one is still coming'
        $job | Wait-Job -Timeout 30 | Out-Null
        $job.State | Should -Be 'Completed'
        $rest = Receive-Job $job -ErrorVariable +failed -ErrorAction SilentlyContinue
        @($first) + @($rest) | Where-Object Complete | ForEach-Object Address | Sort-Object | Should -Be (@($quick.Address, $slow.Address) | Sort-Object)
        $failed[0].FullyQualifiedErrorId -replace ',.*' | Should -Be 'PoetryConnectionRefused'
        $quick, $slow | Stop-PoetryServer
    }

    It 'Stop-Job cancels it and closes its connection' {
        $slow = Start-PoetryServer ecstasy -Delay 0.5
        $job = Get-Poetry $slow.Address -AsJob
        $deadline = [Diagnostics.Stopwatch]::StartNew()
        while ($slow.ActiveConnections -lt 1 -and $deadline.Elapsed.TotalSeconds -lt 15) { Start-Sleep -Milliseconds 20 }
        Stop-Job $job
        $job.State | Should -Be 'Stopped'
        $deadline.Restart()
        while ($slow.ActiveConnections -gt 0 -and $deadline.Elapsed.TotalSeconds -lt 15) { Start-Sleep -Milliseconds 20 }
        $slow.ActiveConnections | Should -Be 0
        $slow | Stop-PoetryServer
    }
}

Describe 'Measure-PoetryModel -AsJob and Wait-Reactor -AsJob' {
    It 'Measure-PoetryModel measures in a job' {
        $server = Start-PoetryServer science -Delay 0
        $measured = Measure-PoetryModel $server.Address -Mode Blocking, Protocol -AsJob | Wait-Job -Timeout 30 | Receive-Job
        $measured.Mode | Should -Be 'Blocking', 'Protocol'
        $server | Stop-PoetryServer
    }

    It 'Wait-Reactor waits in a job until the reactor stops' {
        Start-Reactor | Out-Null
        $job = Wait-Reactor -AsJob
        Invoke-ReactorLater 0 { 'seen by the job' } | Out-Null
        Invoke-ReactorLater 0.05 { Stop-Reactor } | Out-Null
        $job | Wait-Job -Timeout 30 | Receive-Job | Should -Be 'seen by the job'
        $job.State | Should -Be 'Completed'
    }
}
