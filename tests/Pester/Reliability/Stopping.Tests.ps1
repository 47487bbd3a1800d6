param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Stopping a command midway, as a user does: Ctrl+C (PowerShell.Stop(), which is what Ctrl+C
# calls) during every waiting cmdlet, and Select-Object -First. Each must return at once, close
# what it opened, and leave the reactor and the servers serving.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    Reset-ReactorState
    # No poem completes while a test runs: 240 bytes at 8 bytes a second.
    $script:Slow = 1..3 | ForEach-Object {
        Start-PoetryServer -Path (New-PoemFile -Name "slow$_" -Text ('slow poem line ' * 16)) -ChunkSize 8 -Delay 1
    }
    $script:SlowPorts = $Slow.Port
    $script:SlowAddresses = [string[]] ($Slow | ForEach-Object Address)
    $script:Quick = Start-PoetryServer -Path (New-PoemFile -Name 'quick' -Text "quick`n") -Delay 0
}

AfterAll {
    Reset-ReactorState
}

Describe 'Ctrl+C' {
    It 'during Get-Poetry -Mode <Mode> -IncludeChunk -Verbose: returns at once, closes every socket, servers keep serving' -TestCases @(
        foreach ($m in 'Protocol', 'Reader', 'Select', 'Threaded', 'Blocking') { @{ Mode = $m } }
    ) {
        Get-ClientSocketCount -Port $SlowPorts | Should -Be 0
        $run = Start-StoppableCommand { param($a, $m) Get-Poetry $a -Mode $m -IncludeChunk -Verbose } -ArgumentList $SlowAddresses, $Mode
        try {
            Wait-StoppableOutput $run -Because 'a first chunk'
            $run.Output[0] | Should -BeOfType [PoetryReactor.Core.Poetry.Clients.ChunkEvent]
            # The blocking client holds one connection at a time, the others one per server.
            $open = if ($Mode -eq 'Blocking') { 1 } else { 3 }
            Wait-Until { (Get-ClientSocketCount -Port $SlowPorts) -eq $open } -Because "$open client connection(s)"
            $stop = Stop-StoppableCommand $run
            $stop.Seconds | Should -BeLessThan 3
            $stop.State | Should -Be 'Stopped'
            Get-ClientSocketCount -Port $SlowPorts | Should -Be 0
            $Slow | ForEach-Object State | Should -Be 'Listening', 'Listening', 'Listening'
        } finally { Remove-StoppableCommand $run }
    }

    It 'during Measure-PoetryModel: returns at once and closes every socket' {
        $run = Start-StoppableCommand { param($a) Measure-PoetryModel -Address $a -Mode Threaded } -ArgumentList (, $SlowAddresses)
        try {
            Wait-Until { (Get-ClientSocketCount -Port $SlowPorts) -eq 3 } -Because 'three client connections'
            $stop = Stop-StoppableCommand $run
            $stop.Seconds | Should -BeLessThan 3
            $stop.State | Should -Be 'Stopped'
            Get-ClientSocketCount -Port $SlowPorts | Should -Be 0
        } finally { Remove-StoppableCommand $run }
    }

    It 'during Wait-Reactor: returns at once and the reactor keeps running' {
        Start-Reactor | Out-Null
        $run = Start-StoppableCommand { Wait-Reactor }
        try {
            Invoke-ReactorLater 0 { 'ping' } | Out-Null
            Wait-StoppableOutput $run -Because 'the waiter to stream the callback''s output'
            $run.Output[0] | Should -Be 'ping'
            $stop = Stop-StoppableCommand $run
            $stop.Seconds | Should -BeLessThan 3
            $stop.State | Should -Be 'Stopped'
        } finally { Remove-StoppableCommand $run }
        (Get-Reactor).State | Should -Be 'Running'
    }

    It 'during Invoke-ReactorLater -Repeat -Wait: the looping call is cancelled, the reactor keeps running' {
        Start-Reactor | Out-Null
        $run = Start-StoppableCommand { Invoke-ReactorLater 0.02 -Repeat -Wait { 'tick' } }
        try {
            Wait-StoppableOutput $run -Count 2 -Because 'two ticks'
            (Stop-StoppableCommand $run).State | Should -Be 'Stopped'
        } finally { Remove-StoppableCommand $run }
        # Ticks written but not yet read when the wait stopped went to the event queue; no more come.
        Invoke-ReactorLater 0.1 -Wait { } | Out-Null
        Receive-ReactorOutput | Out-Null
        Invoke-ReactorLater 0.1 -Wait { } | Out-Null
        Receive-ReactorOutput | Should -BeNullOrEmpty
        $info = Get-Reactor
        $info.State | Should -Be 'Running'
        $info.PendingCalls | Should -Be 0
    }

    It 'while a scriptblock callback runs: the waiting cmdlet returns, the callback finishes and reports to the event queue' {
        Receive-ReactorOutput | Out-Null
        $run = Start-StoppableCommand { Invoke-ReactorLater 0 -Wait { 'inside'; Start-Sleep -Milliseconds 3000; 'finished' } }
        try {
            Wait-StoppableOutput $run -Because 'the callback to start'
            (Stop-StoppableCommand $run).Seconds | Should -BeLessThan 2 -Because 'Ctrl+C does not wait for the 3 s callback'
        } finally { Remove-StoppableCommand $run }
        # The reactor runs the callback to its end, then serves the next call; its late output is not lost.
        Invoke-ReactorLater 0 -Wait { 'next' } -TimeoutSec 10 | Should -Be 'next'
        Receive-ReactorOutput -WarningVariable late -WarningAction SilentlyContinue | Should -Contain 'finished'
        $late.Message | Should -BeLike '*blocked the reactor*' -Because 'the 3 s block is reported there too'
        (Get-Reactor).State | Should -Be 'Running'
    }

    It 'during Connect-ReactorClient: closes its connection' {
        $server = Start-ReactorListener -Port 0 -OnConnectionMade { $_.Transport.Write('hello') }
        try {
            $run = Start-StoppableCommand { param($a) Connect-ReactorClient $a -OnDataReceived { $_.Text } } -ArgumentList $server.Address
            try {
                Wait-StoppableOutput $run -Because 'the greeting'
                $run.Output[0] | Should -Be 'hello'
                $server.Connections | Should -Be 1
                (Stop-StoppableCommand $run).State | Should -Be 'Stopped'
            } finally { Remove-StoppableCommand $run }
            Wait-Until { $server.Connections -eq 0 } -Because 'the client to close its connection'
            (Get-Reactor).State | Should -Be 'Running'
        }
        finally { $server | Stop-ReactorListener -CloseConnections }
    }
}

Describe 'Select-Object -First' {
    It 'ends Get-Poetry after the first poem and closes every socket' {
        $first = Get-Poetry ($SlowAddresses + $Quick.Address) | Select-Object -First 1
        $first.Address | Should -Be $Quick.Address
        Get-ClientSocketCount -Port $SlowPorts | Should -Be 0
    }

    It 'ends Measure-PoetryModel after the first model' {
        $first = Measure-PoetryModel $Quick.Address -Mode Select, Protocol | Select-Object -First 1
        $first.Mode | Should -Be 'Select'
        $first.Tasks.Count | Should -Be 1
    }
}
