param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# -SourceIdentifier: the reactor's events in PowerShell's own event queue.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
}

Describe 'Events under -SourceIdentifier' {
    AfterEach {
        Get-Event | Remove-Event
        Get-EventSubscriber | Unregister-Event
        Get-ReactorListener | Stop-ReactorListener -CloseConnections
        Stop-Reactor
        Receive-ReactorOutput *> $null
    }

    It 'Wait-Event takes a listener''s events in order, with the event as MessageData and the listener as Sender' {
        $listener = Start-ReactorListener -SourceIdentifier talk
        Connect-ReactorClient $listener.Address -NoWait -OnConnectionMade { $_.Transport.Write("one`r`ntwo`n"); $_.Transport.LoseConnection() } | Out-Null
        $seen = @()
        do {
            $e = Wait-Event -SourceIdentifier talk -Timeout 15
            $e | Should -Not -BeNullOrEmpty -Because 'each event arrives'
            $seen += $e
            $e | Remove-Event
        } until ($e.MessageData.Name -eq 'ConnectionLost')
        $seen.MessageData.Name | Where-Object { $_ -ne 'DataReceived' } | Should -Be 'ConnectionMade', 'LineReceived', 'LineReceived', 'ConnectionLost'
        ($seen.MessageData | Where-Object Name -EQ LineReceived).Line | Should -Be 'one', 'two'
        $seen[0].Sender.Id | Should -Be $listener.Id
        $seen[0].SourceIdentifier | Should -Be 'talk'
    }

    It 'many events keep the reactor''s order in the queue' {
        # PowerShell hands events raised off the pipeline thread to the thread pool one by one unless told
        # otherwise; 300 lines in one write showed a reordering before the forwarder queued them in order.
        $listener = Start-ReactorListener -SourceIdentifier many -OnLineReceived { }
        $text = (1..300 | ForEach-Object { "line $_" }) -join "`n"
        Connect-ReactorClient $listener.Address -NoWait -ArgumentList $text -OnConnectionMade {
            param($t) $_.Transport.WriteLine($t); $_.Transport.LoseConnection()
        } | Out-Null
        $lines = [Collections.Generic.List[string]]::new()
        do {
            $e = Wait-Event -SourceIdentifier many -Timeout 15
            $e | Should -Not -BeNullOrEmpty -Because 'each event arrives'
            if ($e.MessageData.Name -eq 'LineReceived') { $lines.Add($e.MessageData.Line) }
            $e | Remove-Event
        } until ($e.MessageData.Name -eq 'ConnectionLost')
        $lines | Should -Be (1..300 | ForEach-Object { "line $_" }) -Because 'every line came before ConnectionLost, in order'
    }

    It 'Register-EngineEvent -Action runs for each run of a call, and Unregister-Event stops it' {
        $global:PoetryTicks = 0
        Register-EngineEvent -SourceIdentifier ticks -Action { $global:PoetryTicks++ } | Out-Null
        Invoke-ReactorLater 0.01 -Repeat -Count 3 -SourceIdentifier ticks { } | Out-Null
        $deadline = [Diagnostics.Stopwatch]::StartNew()
        while ($global:PoetryTicks -lt 3 -and $deadline.Elapsed.TotalSeconds -lt 15) { Start-Sleep -Milliseconds 20 }
        $global:PoetryTicks | Should -Be 3
        Unregister-Event -SourceIdentifier ticks
        Invoke-ReactorLater 0 -SourceIdentifier ticks { } | Out-Null
        Invoke-ReactorLater 0.05 -Wait { } | Out-Null
        Start-Sleep -Milliseconds 50
        $global:PoetryTicks | Should -Be 3
    }

    It 'Register-ReactorCallback and Invoke-ReactorWorker raise theirs too' {
        Register-ReactorCallback Shutdown -SourceIdentifier bye { }
        Invoke-ReactorWorker -SourceIdentifier work -OnComplete { } { 'done' } | Out-Null
        (Wait-Event -SourceIdentifier work -Timeout 15).MessageData.Result | Should -Be 'done'
        Stop-Reactor
        (Wait-Event -SourceIdentifier bye -Timeout 15).MessageData.Name | Should -Be 'Shutdown'
    }

    It 'an empty source identifier is refused' {
        { Invoke-ReactorLater 0 -SourceIdentifier '' { } } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }
}
