param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# A long session must not accumulate: a thousand fetches leave descriptors, threads and managed
# memory where they started (within a small bound for runtime noise).

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
}

AfterAll { Reset-ReactorState }

Describe 'A thousand Get-Poetry calls in one session' {
    It 'return descriptors, sockets, threads and managed memory to their starting level' {
        $text = "A short poem for a long session.`n"
        $servers = @(Start-PoetryServer -Path (New-PoemFile -Name 'session' -Text $text) -Delay 0
            Start-PoetryServer -Path (New-PoemFile -Name 'session-blocking' -Text $text) -Delay 0 -Blocking)
        $addresses = $servers | ForEach-Object Address
        $modes = 'Protocol', 'Reader', 'Select', 'Threaded', 'Blocking'
        foreach ($mode in $modes) { $null = Get-Poetry $addresses -Mode $mode }   # warm every path first
        $start = Get-ResourceLevel
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $bad = 0
        for ($i = 0; $i -lt 1000; $i++) {
            $poems = Get-Poetry $addresses[$i % 2] -Mode $modes[$i % 5] -TimeoutSec 10
            if (-not $poems.Complete -or $poems.Text -cne $text) { $bad++ }
        }
        $elapsed = $watch.Elapsed
        $end = Get-ResourceLevel
        Write-Host "1,000 calls in $([math]::Round($elapsed.TotalSeconds, 1)) s; fds $($start.Fds)->$($end.Fds), sockets $($start.Sockets)->$($end.Sockets), threads $($start.Threads)->$($end.Threads), managed $([math]::Round($start.Managed / 1MB, 1))->$([math]::Round($end.Managed / 1MB, 1)) MB"
        $bad | Should -Be 0
        $servers.ConnectionsServed | Measure-Object -Sum | ForEach-Object Sum | Should -Be 1010
        $end.Sockets | Should -BeLessOrEqual ($start.Sockets + 2)
        $end.Fds | Should -BeLessOrEqual ($start.Fds + 8)
        $end.Threads | Should -BeLessOrEqual ($start.Threads + 8)
        $end.Managed | Should -BeLessOrEqual ($start.Managed + 16MB)
    }
}
