param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Line protocols over real sockets: a raw TcpClient on one side, so the bytes are exactly what is written.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    function Connect-Raw([int] $Port) {
        $client = [Net.Sockets.TcpClient]::new('127.0.0.1', $Port)
        $client.ReceiveTimeout = 15000
        $client
    }
    function Read-All([Net.Sockets.TcpClient] $Client) {
        $stream = $Client.GetStream()
        $buffer = [byte[]]::new(65536)
        $all = [IO.MemoryStream]::new()
        while (($n = $stream.Read($buffer, 0, $buffer.Length)) -gt 0) { $all.Write($buffer, 0, $n) }
        [Text.Encoding]::UTF8.GetString($all.ToArray())
    }
}

AfterAll {
    Get-ReactorListener | Stop-ReactorListener -CloseConnections
    Stop-Reactor
    Receive-ReactorOutput *> $null
}

Describe 'Start-ReactorListener -OnLineReceived' {
    It 'calls back once per whole line, across reads and with crlf, and WriteLine answers' {
        $server = Start-ReactorListener -OnLineReceived {
            if ($_.Line -eq 'quit') { $_.Transport.LoseConnection() } else { $_.Transport.WriteLine("[$($_.Line)]") }
        }
        $client = Connect-Raw $server.Port
        try {
            $stream = $client.GetStream()
            foreach ($part in 'one', "`r`ntw", "o`n", "thr", "ee`r`nqu", "it`n") {
                $bytes = [Text.Encoding]::UTF8.GetBytes($part)
                $stream.Write($bytes, 0, $bytes.Length)
                $stream.Flush()
            }
            Read-All $client | Should -BeExactly "[one]`n[two]`n[three]`n"
        } finally { $client.Dispose(); $server | Stop-ReactorListener }
    }

    It 'uses -Delimiter for reading and for WriteLine' {
        $server = Start-ReactorListener -Delimiter '|' -OnLineReceived {
            $_.Transport.WriteLine($_.Line.ToUpperInvariant())
            if ($_.Line -eq 'end') { $_.Transport.LoseConnection() }
        }
        $client = Connect-Raw $server.Port
        try {
            $bytes = [Text.Encoding]::UTF8.GetBytes("a b|c`nd|end|")
            $client.GetStream().Write($bytes, 0, $bytes.Length)
            Read-All $client | Should -BeExactly "A B|C`nD|END|"
        } finally { $client.Dispose(); $server | Stop-ReactorListener }
    }

    It 'closes a connection whose line passes -MaxLineLength, with ReactorLineTooLong, and keeps the listener' {
        $server = Start-ReactorListener -MaxLineLength 8 -OnLineReceived { $_.Transport.WriteLine("ok $($_.Line)") }
        $client = Connect-Raw $server.Port
        try {
            $bytes = [Text.Encoding]::UTF8.GetBytes("short`n" + ('x' * 100))
            $client.GetStream().Write($bytes, 0, $bytes.Length)
            Read-All $client | Should -BeExactly "ok short`n"
        } finally { $client.Dispose() }
        $errors = Receive-ReactorOutput 2>&1 | Where-Object { $_ -is [Management.Automation.ErrorRecord] }
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ReactorLineTooLong,*'
        $errors[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $server.IsListening | Should -BeTrue
        $server | Stop-ReactorListener
    }
}

Describe 'Connect-ReactorClient -OnLineReceived' {
    It 'reads the lines a server writes, and a callback that throws closes the connection' {
        $server = Start-ReactorListener -OnConnectionMade {
            $_.Transport.Write("alpha`nbeta`ngamma`n")
        }
        $out = Connect-ReactorClient $server.Address -ErrorAction SilentlyContinue -ErrorVariable failed -OnLineReceived {
            if ($_.Line -eq 'beta') { throw 'no beta' }
            $_.Line
        }
        $out | Should -Be 'alpha'
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ReactorCallbackFailed,*'
        $server | Stop-ReactorListener -CloseConnections
    }
}
