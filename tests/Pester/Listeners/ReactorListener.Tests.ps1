param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Servers written as scriptblocks: Start-ReactorListener, Get-ReactorListener and
# Stop-ReactorListener on real loopback sockets, with a raw TcpClient as the peer.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    Reset-ReactorState
}

AfterAll {
    Reset-ReactorState
}

Describe 'Start-ReactorListener' {
    AfterEach {
        Get-ReactorListener | Stop-ReactorListener -CloseConnections
        Receive-ReactorOutput | Out-Null
    }

    It 'an echo server in one line answers a raw TcpClient' {
        $echo = Start-ReactorListener -Port 0 -OnDataReceived { $_.Transport.Write($_.Data) }
        $echo.Port | Should -BeGreaterThan 0
        $echo.IsListening | Should -BeTrue
        Invoke-RawExchange -Port $echo.Port -Messages 'hello', ' reactor', ' ü€' | Should -Be 'hello reactor ü€'
    }

    It 'each connection has its own State; callbacks run on the reactor thread' {
        $reactorThread = (Start-Reactor).ThreadId
        $server = Start-ReactorListener -Port 0 -OnConnectionMade {
            $_.State.Chunks = 0
            $_.State.Thread = [Environment]::CurrentManagedThreadId
        } -OnDataReceived {
            $_.State.Chunks++
            $_.Transport.Write("$($_.State.Chunks):$($_.State.Thread)|")
        }
        $expectA = "1:$reactorThread|2:$reactorThread|3:$reactorThread|"
        $expectB = "1:$reactorThread|"
        Invoke-RawExchange -Port $server.Port -Messages 'x', 'y', 'z' -Expect $expectA.Length | Should -Be $expectA
        Invoke-RawExchange -Port $server.Port -Messages 'x' -Expect $expectB.Length | Should -Be $expectB
        $server.Accepted | Should -Be 2
    }

    It 'ConnectionMade sees the peer; ConnectionLost sees a clean close' {
        $server = Start-ReactorListener -Port 0 -OnConnectionMade {
            $_.Transport.Write("you are $($_.Transport.Peer.Address)")
            $_.Transport.LoseConnection()
        } -OnConnectionLost { "lost: $($_.Reason.GetType().Name)" }
        Invoke-RawExchange -Port $server.Port -Messages @() -Expect 1000 | Should -Be 'you are 127.0.0.1'
        Wait-Until { $server.Connections -eq 0 } -Because 'the connection to close'
        Receive-ReactorOutput | Should -Be 'lost: ConnectionDoneException'
    }

    It '-ArgumentList and $using: reach every callback' {
        $prefix = '>> '
        $server = Start-ReactorListener -Port 0 -ArgumentList '!' -OnDataReceived {
            param($suffix)
            $_.Transport.Write("$using:prefix$($_.Text)$suffix")
        }
        Invoke-RawExchange -Port $server.Port -Messages 'hey' -Expect 7 | Should -Be '>> hey!'
    }

    It 'a DataReceived callback that throws is reported and closes only its connection' {
        $server = Start-ReactorListener -Port 0 -OnDataReceived {
            if ($_.Text -eq 'boom') { throw 'bad input' }
            $_.Transport.Write($_.Data)
        }
        Invoke-RawExchange -Port $server.Port -Messages @('boom') -Expect 1000 | Should -BeNullOrEmpty
        Invoke-RawExchange -Port $server.Port -Messages 'fine' | Should -Be 'fine'
        Receive-ReactorOutput -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ReactorCallbackFailed*'
        $err[0].ToString() | Should -BeLike '*Start-ReactorListener -OnDataReceived at ReactorListener.Tests.ps1:*bad input*'
    }

    It 'Stop-ReactorListener frees the port at once; open connections stay unless -CloseConnections' {
        $server = Start-ReactorListener -Port 0 -OnDataReceived { $_.Transport.Write($_.Data) }
        $client = [Net.Sockets.TcpClient]::new('127.0.0.1', $server.Port)
        try {
            Wait-Until { $server.Connections -eq 1 } -Because 'the connection to be accepted'
            Stop-ReactorListener -Port $server.Port
            $server.IsListening | Should -BeFalse
            Test-PortFree $server.Port | Should -BeTrue

            $stream = $client.GetStream()
            $stream.ReadTimeout = 20000
            $stream.Write([byte[]](65, 66), 0, 2)
            $buffer = [byte[]]::new(16)
            $stream.Read($buffer, 0, 16) | Should -Be 2

            $server | Stop-ReactorListener -CloseConnections
            $stream.Read($buffer, 0, 16) | Should -Be 0
            Wait-Until { $server.Connections -eq 0 } -Because 'the connection to close'
        }
        finally { $client.Dispose() }
    }

    It 'a port in use and a bad interface are clear errors' {
        $taken = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $taken.Start()
        try {
            $port = $taken.LocalEndpoint.Port
            Start-ReactorListener -Port $port -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'PortInUse,*'
            $err[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            $err[0].TargetObject | Should -Be "127.0.0.1:$port"
        }
        finally { $taken.Stop() }
        Start-ReactorListener -Port 0 -Interface 'not-an-ip' -ErrorVariable err2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'InterfaceInvalid*'
    }

    It 'Get-Reactor counts listeners and connections; Stop-Reactor closes them' {
        $server = Start-ReactorListener -Port 0
        $client = [Net.Sockets.TcpClient]::new('127.0.0.1', $server.Port)
        try {
            Wait-Until { $server.Connections -eq 1 } -Because 'the connection to be accepted'
            $info = Get-Reactor
            $info.Listeners | Should -BeGreaterOrEqual 1
            $info.Connections | Should -BeGreaterOrEqual 1
            Stop-Reactor
            $server.IsListening | Should -BeFalse
            $stream = $client.GetStream()
            $stream.ReadTimeout = 20000
            $stream.Read([byte[]]::new(4), 0, 4) | Should -Be 0
        }
        finally { $client.Dispose() }
    }
}
