param([string] $ModulePath = (Join-Path $PSScriptRoot '../out/PoetryReactor/PoetryReactor.psd1'))

# Custom protocols written as scriptblocks: Start-ReactorListener and Connect-ReactorClient on real
# loopback sockets. Every wait is bounded; no fixed sleeps.

BeforeAll {
    Import-Module $ModulePath -Force
    Stop-Reactor -ErrorAction Ignore
    Receive-ReactorOutput | Out-Null

    $script:Utf8 = [Text.UTF8Encoding]::new($false)

    # A raw client: connect, send, and read until $Expect bytes came (or EOF), bounded by a socket timeout.
    function Invoke-RawExchange([int] $Port, [string[]] $Messages, [int] $Expect) {
        $client = [Net.Sockets.TcpClient]::new('127.0.0.1', $Port)
        try {
            $stream = $client.GetStream()
            $stream.ReadTimeout = 20000
            $received = [IO.MemoryStream]::new()
            $buffer = [byte[]]::new(4096)
            foreach ($m in $Messages) {
                $bytes = $Utf8.GetBytes($m)
                $stream.Write($bytes, 0, $bytes.Length)
                # Wait for each echo, so the messages do not merge into one read.
                $goal = $received.Length + $bytes.Length
                while ($received.Length -lt $goal) {
                    $n = $stream.Read($buffer, 0, $buffer.Length)
                    if ($n -eq 0) { break }
                    $received.Write($buffer, 0, $n)
                }
            }
            while ($received.Length -lt $Expect) {
                $n = $stream.Read($buffer, 0, $buffer.Length)
                if ($n -eq 0) { break }
                $received.Write($buffer, 0, $n)
            }
            $Utf8.GetString($received.ToArray())
        }
        finally { $client.Dispose() }
    }

    function Wait-Until([scriptblock] $Condition, [double] $Seconds = 20) {
        [Threading.SpinWait]::SpinUntil([Func[bool]] $Condition, [timespan]::FromSeconds($Seconds))
    }

    function New-PoetryServer([byte[]] $Poem, [int] $ChunkSize = 5) {
        $options = [PoetryReactor.Core.Poetry.Servers.PoetryServerOptions]::new()
        $options.PoemBytes = $Poem
        $options.ChunkSize = $ChunkSize
        $options.Delay = [timespan]::FromMilliseconds(5)
        $server = [PoetryReactor.Core.Poetry.Servers.BlockingPoetryServer]::new($options)
        $server.Start()
        $server
    }
}

AfterAll {
    Stop-Reactor -ErrorAction Ignore
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
        Wait-Until { $server.Connections -eq 0 } | Should -BeTrue
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
        $err[0].ToString() | Should -BeLike '*Start-ReactorListener -OnDataReceived at ReactorProtocol.Tests.ps1:*bad input*'
    }

    It 'Stop-ReactorListener frees the port at once; open connections stay unless -CloseConnections' {
        $server = Start-ReactorListener -Port 0 -OnDataReceived { $_.Transport.Write($_.Data) }
        $client = [Net.Sockets.TcpClient]::new('127.0.0.1', $server.Port)
        try {
            Wait-Until { $server.Connections -eq 1 } | Should -BeTrue
            Stop-ReactorListener -Port $server.Port
            $server.IsListening | Should -BeFalse
            $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, $server.Port)
            $probe.Start(); $probe.Stop()

            $stream = $client.GetStream()
            $stream.ReadTimeout = 20000
            $stream.Write([byte[]](65, 66), 0, 2)
            $buffer = [byte[]]::new(16)
            $stream.Read($buffer, 0, 16) | Should -Be 2

            $server | Stop-ReactorListener -CloseConnections
            $stream.Read($buffer, 0, 16) | Should -Be 0
            Wait-Until { $server.Connections -eq 0 } | Should -BeTrue
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
        { Start-ReactorListener -Port 70000 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'Get-Reactor counts listeners and connections; Stop-Reactor closes them' {
        $server = Start-ReactorListener -Port 0
        $client = [Net.Sockets.TcpClient]::new('127.0.0.1', $server.Port)
        try {
            Wait-Until { $server.Connections -eq 1 } | Should -BeTrue
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

Describe 'Connect-ReactorClient' {
    BeforeAll {
        $script:poem = "Over the wires the slow verse comes,`nten bytes at a time — ünïcödé too.`n"
        $script:poetryServer = New-PoetryServer -Poem $Utf8.GetBytes($poem) -ChunkSize 1
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
        $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $probe.Start(); $closedPort = $probe.LocalEndpoint.Port; $probe.Stop()
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
            Wait-Until { $conn.BytesReceived -eq 2 } | Should -BeTrue
            $conn.State | Should -Be 'Connected'
            $conn.Disconnect()
            Wait-Until { $conn.State -eq 'Closed' } | Should -BeTrue
            Receive-ReactorOutput | Should -Be 'client: hi', 'client closed'
        }
        finally { $server | Stop-ReactorListener -CloseConnections }
    }

    It 'a stopped Connect-ReactorClient (Ctrl+C) closes its connection' {
        $server = Start-ReactorListener -Port 0 -OnConnectionMade { $_.Transport.Write('hello') }
        try {
            $ps = [powershell]::Create()
            $null = $ps.AddScript({
                param($ModulePath, $Address)
                Import-Module $ModulePath
                Connect-ReactorClient $Address -OnDataReceived { $_.Text }
            }).AddArgument($ModulePath).AddArgument($server.Address)
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $handle = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            try {
                Wait-Until { $output.Count -ge 1 } | Should -BeTrue
                $output[0] | Should -Be 'hello'
                $server.Connections | Should -Be 1
                $ps.Stop()
                $handle.IsCompleted | Should -BeTrue
            }
            finally { $ps.Dispose() }
            Wait-Until { $server.Connections -eq 0 } | Should -BeTrue
            (Get-Reactor).State | Should -Be 'Running'
        }
        finally { $server | Stop-ReactorListener -CloseConnections }
    }
}
