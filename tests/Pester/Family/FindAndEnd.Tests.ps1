param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# What you start you can find (Get-), end (Stop-, Unregister-) and name (-Name).

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
}

Describe 'Find and end' {
    AfterEach {
        Get-ReactorCall | Stop-ReactorCall
        Get-ReactorListener | Stop-ReactorListener
        Stop-Reactor
        Receive-ReactorOutput *> $null
    }

    Describe 'Calls' {
        It 'are found by name (wildcards) and id while pending, and stopped by name' {
            $tick = Invoke-ReactorLater 60 -Repeat -Name ticker { 'tick' }
            $note = Invoke-ReactorLater 60 -Name note { 'note' }
            (Get-ReactorCall -Name tick*).Id | Should -Be $tick.Id
            (Get-ReactorCall -Id $note.Id).Name | Should -Be 'note'
            (Get-ReactorCall).Id | Should -Be $tick.Id, $note.Id
            Stop-ReactorCall -Name ticker -PassThru | ForEach-Object State | Should -Be 'Cancelled'
            (Get-ReactorCall).Id | Should -Be $note.Id
        }

        It 'are no longer listed once they have run' {
            $call = Invoke-ReactorLater 0 -Name soon { 'ran' }
            Invoke-ReactorLater 0.05 -Wait { } | Out-Null
            $call.State | Should -Be 'Called'
            Get-ReactorCall -Name soon -ErrorAction SilentlyContinue -ErrorVariable e | Should -BeNullOrEmpty
            $e[0].FullyQualifiedErrorId | Should -BeLike 'ReactorCallNotFound,*'
        }

        It 'bind -Id by property from a record, as from a CSV' {
            $call = Invoke-ReactorLater 60 { }
            [pscustomobject]@{ Id = $call.Id } | Stop-ReactorCall
            $call.State | Should -Be 'Cancelled'
        }
}

    Describe 'Callbacks' {
        It 'are registered with a name, found, and taken back before shutdown' {
            $kept = Register-ReactorCallback Shutdown -Name kept -PassThru { 'kept ran' }
            $dropped = Register-ReactorCallback Shutdown -Name dropped -PassThru { 'dropped ran' }
            (Get-ReactorCallback).Name | Should -Be 'kept', 'dropped'
            Unregister-ReactorCallback -Name dropped -PassThru | ForEach-Object State | Should -Be 'Unregistered'
            (Get-ReactorCallback).Name | Should -Be 'kept'
            Stop-Reactor
            Receive-ReactorOutput | Should -Be 'kept ran'
            $kept.State | Should -Be 'Ran'
            $dropped.State | Should -Be 'Unregistered'
        }

        It 'that have run have nothing to take back: quiet' {
            $ran = Register-ReactorCallback Running -PassThru { 'running now' }
            $ran.State | Should -Be 'Ran'
            $verbose = $ran | Unregister-ReactorCallback -Verbose -ErrorVariable e 4>&1
            $e | Should -BeNullOrEmpty
            "$verbose" | Should -BeLike '*Nothing to unregister*'
        }

        It 'say nothing without -PassThru, as Register-ObjectEvent without -Action' {
            Register-ReactorCallback Shutdown { } | Should -BeNullOrEmpty
            (Get-ReactorCallback).Count | Should -Be 1
        }
}

    Describe 'Listeners' {
        It 'are found and stopped by name, id and port' {
            $a = Start-ReactorListener -Name alpha
            $b = Start-ReactorListener -Name beta
            (Get-ReactorListener -Name al*).Id | Should -Be $a.Id
            (Get-ReactorListener -Id $b.Id).Name | Should -Be 'beta'
            (Get-ReactorListener $a.Port).Name | Should -Be 'alpha'
            Stop-ReactorListener -Name beta -PassThru | ForEach-Object IsListening | Should -BeFalse
            Stop-ReactorListener -Id $a.Id
            Get-ReactorListener | Should -BeNullOrEmpty
        }
}

    Describe 'Poetry servers' {
        It 'are stopped by name; a name that matches nothing is PoetryServerNotFound' {
            $servers = 'science', 'lanterns' | Start-PoetryServer
            try {
                Stop-PoetryServer -Name sci* -PassThru | ForEach-Object Name | Should -Be 'science'
                (Get-PoetryServer).Name | Should -Contain 'lanterns'
                (Get-PoetryServer).Name | Should -Not -Contain 'science'
                Stop-PoetryServer -Name 'no-such' -ErrorAction SilentlyContinue -ErrorVariable e
                $e[0].FullyQualifiedErrorId | Should -BeLike 'PoetryServerNotFound,*'
            } finally { $servers | Stop-PoetryServer }
        }

        It 'Get-PoetryPoem | Get-PoetryServer finds the servers of those poems' {
            $server = Start-PoetryServer lanterns
            try {
                (Get-PoetryPoem lanterns | Get-PoetryServer).Id | Should -Be $server.Id
            } finally { $server | Stop-PoetryServer }
        }
    }

    Describe 'Connections' {
        It 'of clients, listeners and poetry servers are listed with bytes both ways, and closed' {
            $echo = Start-ReactorListener -Name echo -OnDataReceived { $_.Transport.Write($_.Data) }
            $client = Connect-ReactorClient $echo.Address -Name probe -NoWait -OnConnectionMade { $_.Transport.Write('ping') }
            $slow = Start-PoetryServer ecstasy -Delay 0.5
            $blocking = Start-PoetryServer lanterns -Delay 0.5 -Blocking
            $jobs = @((Get-Poetry $slow.Address -AsJob), (Get-Poetry $blocking.Address -AsJob))
            try {
                $deadline = [Diagnostics.Stopwatch]::StartNew()
                while (@(Get-ReactorConnection).Count -lt 4 -or (Get-ReactorConnection -Name probe).BytesReceived -lt 4) {
                    if ($deadline.Elapsed.TotalSeconds -gt 15) { throw "connections: $(Get-ReactorConnection | Out-String)" }
                    Start-Sleep -Milliseconds 20
                }
                $all = Get-ReactorConnection
                ($all | Where-Object Kind -EQ Client).Name | Should -Be 'probe'
                ($all | Where-Object Kind -EQ Listener).BytesReceived | Should -Be 4
                ($all | Where-Object Kind -EQ Listener).BytesSent | Should -Be 4
                ($all | Where-Object Kind -EQ PoetryServer).Name | Sort-Object | Should -Be 'ecstasy', 'lanterns'
                (Get-ReactorConnection -Id $client.Id).Peer | Should -Be $echo.Address

                Get-ReactorConnection -Kind PoetryServer | Disconnect-ReactorConnection
                foreach ($job in $jobs) {
                    $poem = $job | Wait-Job -Timeout 15 | Receive-Job -ErrorAction SilentlyContinue -ErrorVariable failed
                    $poem.Complete | Should -BeFalse -Because 'a cut connection is not a whole poem'
                    $failed[0].FullyQualifiedErrorId -replace ',.*' | Should -Be 'PoetryConnectionLost'
                }
                Disconnect-ReactorConnection -Name probe -PassThru | ForEach-Object Kind | Should -Be 'Client'
                $deadline.Restart()
                while (@(Get-ReactorConnection).Count -gt 0) {
                    if ($deadline.Elapsed.TotalSeconds -gt 15) { throw "still open: $(Get-ReactorConnection | Out-String)" }
                    Start-Sleep -Milliseconds 20
                }
                $verbose = $client | Disconnect-ReactorConnection -Verbose 4>&1
                "$verbose" | Should -BeLike '*Nothing to disconnect*'
            } finally {
                $jobs | Remove-Job -Force
                $slow, $blocking | Stop-PoetryServer
                $echo | Stop-ReactorListener -CloseConnections
            }
        }
    }
}
