param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Clients written as scriptblocks: Connect-ReactorClient against the core's poetry server and a
# scriptblock server. Stopping it midway (Ctrl+C) is in Reliability/Stopping.Tests.ps1.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    Reset-ReactorState
    $script:Utf8 = [Text.UTF8Encoding]::new($false)
}

AfterAll {
    Reset-ReactorState
}

Describe 'Connect-ReactorClient' {
    BeforeAll {
        $script:poem = "Over the wires the slow verse comes,`nten bytes at a time — ünïcödé too.`n"
        $script:poetryServer = Start-CorePoetryServer -Poem $Utf8.GetBytes($poem) -ChunkSize 1
    }
    AfterAll { $poetryServer.Stop() }
    AfterEach { Receive-ReactorOutput | Out-Null }

    It 'fetches a poem byte-exact, whole characters in $_.Text even one byte at a time' {
        $out = Connect-ReactorClient $poetryServer.Address.ToString() -OnDataReceived {
            $_.State.Text += $_.Text
            $_.State.Bytes += $_.Data.Length
        } -OnConnectionLost {
            [pscustomobject]@{ Text = $_.State.Text; Bytes = $_.State.Bytes; Clean = $_.Reason -is [PoetryReactor.Core.ConnectionDoneException] }
        } -TimeoutSec 20
        $out.Text | Should -BeExactly $poem
        $out.Bytes | Should -Be $Utf8.GetByteCount($poem)
        $out.Clean | Should -BeTrue
    }

    It 'talks to a scriptblock server and streams output as the connection goes' {
        $server = Start-ReactorListener -Port 0 -OnDataReceived { $_.Transport.Write($_.Text.ToUpper()) }
        try {
            $out = Connect-ReactorClient $server.Address -OnConnectionMade {
                $_.Transport.Write('first')
            } -OnDataReceived {
                "got $($_.Text)"
                $_.State.N++
                if ($_.State.N -eq 1) { $_.Transport.Write('second') } else { $_.Transport.LoseConnection() }
            }
            $out | Should -Be 'got FIRST', 'got SECOND'
        }
        finally { $server | Stop-ReactorListener -CloseConnections }
    }

    It 'a refused connection and a bad address are errors; other addresses carry on' {
        $closedPort = Get-FreePort
        $out = Connect-ReactorClient "127.0.0.1:$closedPort", 'no:port:here', $poetryServer.Address.ToString() -OnConnectionLost { 'poem done' } `
            -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -Be 'poem done'
        $err.Count | Should -Be 2
        $ids = $err.FullyQualifiedErrorId
        $ids | Where-Object { $_ -like 'AddressInvalid*' } | Should -HaveCount 1
        $refused = $err | Where-Object FullyQualifiedErrorId -like 'ReactorConnectFailed*'
        $refused.TargetObject | Should -Be "127.0.0.1:$closedPort"
        $refused.CategoryInfo.Category | Should -Be 'ConnectionError'
        $refused.Exception | Should -BeOfType ([PoetryReactor.Core.Net.ConnectionRefusedError])
    }

    It '-NoWait emits the connection; Disconnect closes it and its output goes to the event queue' {
        $server = Start-ReactorListener -Port 0 -OnConnectionMade { $_.Transport.Write('hi') }
        try {
            $conn = Connect-ReactorClient $server.Address -NoWait -OnDataReceived { "client: $($_.Text)" } -OnConnectionLost { 'client closed' }
            $conn | Should -BeOfType ([PoetryReactor.Objects.ReactorConnection])
            Wait-Until { $conn.BytesReceived -eq 2 } -Because 'the two bytes'
            $conn.State | Should -Be 'Connected'
            $conn.Disconnect()
            Wait-Until { $conn.State -eq 'Closed' } -Because 'the connection to close'
            Receive-ReactorOutput | Should -Be 'client: hi', 'client closed'
        }
        finally { $server | Stop-ReactorListener -CloseConnections }
    }
}
