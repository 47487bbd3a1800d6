param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# -Workers: one port served by several reactors, each on its own thread; a connection stays on one.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    $script:Science = Get-Content -Raw (Get-PoetryPoem science).Path

    function Use-WorkerAccept([string] $Accept, [scriptblock] $Body) {
        # Runs $Body with POETRYREACTOR_WORKER_ACCEPT set (read at each start), then restores it.
        $saved = $env:POETRYREACTOR_WORKER_ACCEPT
        $env:POETRYREACTOR_WORKER_ACCEPT = $Accept
        try { & $Body } finally { $env:POETRYREACTOR_WORKER_ACCEPT = $saved }
    }

    function Get-ThreadAnswer([int] $Port, [int] $Count) {
        # $Count connections in turn, each sending 'hi' and reading the answer to the close.
        foreach ($i in 1..$Count) { Invoke-RawExchange -Port $Port -Messages 'x' -Expect 1000 }
    }
}

AfterAll { Reset-ReactorState }

Describe 'Start-PoetryServer -Workers' {
    AfterEach { Reset-ReactorState }

    It '1,000 connections are spread over every worker and every poem arrives whole (<Accept>)' -ForEach @(
        @{ Accept = 'ReusePort' }, @{ Accept = 'RoundRobin' }
    ) {
        Use-WorkerAccept $Accept {
            $server = Start-PoetryServer science -Delay 0 -Workers 2
            $server.WorkerCount | Should -Be 2
            "$($server.WorkerAccept)" | Should -Be $Accept
            $poems = Get-Poetry -Address (@($server.Address) * 1000) -TimeoutSec 60
            $poems.Count | Should -Be 1000
            @($poems | Where-Object { $_.Complete -and $_.Text -ceq $Science }).Count | Should -Be 1000
            Wait-Until { $server.ConnectionsServed -eq 1000 } -Because 'every connection counted as served'
            $workers = $server.Workers
            $workers.Worker | Should -Be 1, 2
            @($workers.ReactorId | Select-Object -Unique).Count | Should -Be 2 -Because 'each worker is its own reactor'
            $workers[0].ReactorId | Should -Be (Get-Reactor).Id -Because 'the first worker is the module''s reactor'
            foreach ($w in $workers) { $w.ConnectionsAccepted | Should -BeGreaterThan 0 -Because "worker $($w.Worker) got connections" }
            ($workers | Measure-Object ConnectionsAccepted -Sum).Sum | Should -Be 1000
            ($workers | Measure-Object BytesSent -Sum).Sum | Should -Be $server.BytesSent
            $server.BytesSent | Should -Be (1000 * $server.Bytes)
            if ($Accept -eq 'RoundRobin') { $workers.ConnectionsAccepted | Should -Be 500, 500 }
        }
    }

    It '-Workers 0 is one worker per core; Get-Reactor counts the worker reactors' {
        $server = Start-PoetryServer science -Workers 0
        $server.WorkerCount | Should -Be ([Environment]::ProcessorCount)
        (Get-Reactor).WorkerReactors | Should -Be ([Environment]::ProcessorCount - 1)
    }

    It 'stopping the server closes every worker''s connections and frees the port; the worker reactors stay for the next' {
        $server = Start-PoetryServer science -Workers 2 -Delay 60 -ChunkSize 5
        $clients = foreach ($i in 1..20) { [Net.Sockets.TcpClient]::new('127.0.0.1', $server.Port) }
        try {
            Wait-Until { $server.ActiveConnections -eq 20 } -Because 'twenty connections served'
            @($server.Workers | Where-Object ActiveConnections -GT 0).Count | Should -Be 2
            $open = Get-ReactorConnection -Kind PoetryServer
            @($open).Count | Should -Be 20
            @($open.ReactorId | Select-Object -Unique).Count | Should -Be 2 -Because 'the connections live on both reactors'
            $server | Stop-PoetryServer
            $server.State | Should -Be 'Stopped'
            Test-Listening $server.Port | Should -BeFalse
            foreach ($c in $clients) {
                $s = $c.GetStream(); $s.ReadTimeout = 20000
                $buffer = [byte[]]::new(100); $total = 0
                while (($n = $s.Read($buffer, 0, 100)) -gt 0) { $total += $n }
                $total | Should -Be 5 -Because 'the first chunk came, then the stop closed the connection'
            }
            Wait-Until { $server.ConnectionsAborted -eq 20 } -Because 'every connection ended early'
            (Get-Reactor).WorkerReactors | Should -Be 1
        } finally { $clients | ForEach-Object Dispose }
    }

    It 'a port already served is PortInUse, even by another server with workers' {
        $first = Start-PoetryServer science -Workers 2 -Delay 0
        $e = $null
        Start-PoetryServer science -Workers 2 -Port $first.Port -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'PortInUse,*'
        $e[0].TargetObject | Should -Be "127.0.0.1:$($first.Port)"
        (Get-Poetry $first.Address).Complete | Should -BeTrue -Because 'the first server is untouched'
    }

    It '-MaxConnections bounds the whole server, not each worker' {
        $server = Start-PoetryServer science -Workers 2 -Delay 60 -MaxConnections 3
        $clients = foreach ($i in 1..8) { [Net.Sockets.TcpClient]::new('127.0.0.1', $server.Port) }
        try {
            Wait-Until { $server.ActiveConnections + $server.ConnectionsRefused -eq 8 } -Because 'all eight seen'
            $server.ActiveConnections | Should -Be 3
            $server.ConnectionsRefused | Should -Be 5
        } finally { $clients | ForEach-Object Dispose }
    }

    It 'Stop-Reactor ends the worker reactors with the module''s, and their connections' {
        $server = Start-PoetryServer science -Workers 3 -Delay 60
        $client = [Net.Sockets.TcpClient]::new('127.0.0.1', $server.Port)
        try {
            Wait-Until { $server.ActiveConnections -eq 1 } -Because 'a connection'
            (Stop-Reactor -PassThru).WorkerReactors | Should -Be 0
            $server.State | Should -Be 'Stopped'
            Wait-Until { (Get-ReactorThreadCount) -eq 0 } -Because 'every reactor thread to end'
        } finally { $client.Dispose() }
    }

    It 'on a manual clock, Step-ReactorClock moves every worker''s clock' {
        Start-Reactor -ManualClock | Out-Null
        $server = Start-PoetryServer science -Workers 2 -Delay 10 -ChunkSize 7
        $clients = foreach ($i in 1..12) { [Net.Sockets.TcpClient]::new('127.0.0.1', $server.Port) }
        try {
            Wait-Until { $server.BytesSent -eq 12 * 7 } -Because 'the first chunk of each, sent at once'
            @($server.Workers | Where-Object ConnectionsAccepted -GT 0).Count | Should -Be 2
            Step-ReactorClock 10
            Wait-Until { $server.BytesSent -eq 12 * 14 } -Because 'the second chunk of each, on both workers'
            Step-ReactorClock 5
            $server.BytesSent | Should -Be (12 * 14) -Because 'nothing more is due'
        } finally { $clients | ForEach-Object Dispose }
    }
}

Describe 'Start-ReactorListener -Workers' {
    AfterEach { Reset-ReactorState }

    It 'each connection''s callbacks run on one worker''s thread, in that worker''s runspace, with $using: values' {
        $prefix = 'seen'
        $listener = Start-ReactorListener -Workers 2 -OnConnectionMade {
            $_.State.Made = [Threading.Thread]::CurrentThread.Name
        } -OnDataReceived {
            $global:connectionsHere++
            $here = [Threading.Thread]::CurrentThread.Name
            $_.Transport.Write("$using:prefix|$($_.State.Made)|$here|$global:connectionsHere")
            $_.Transport.LoseConnection()
        }
        $listener.WorkerCount | Should -Be 2
        $answers = Get-ThreadAnswer -Port $listener.Port -Count 60 | ForEach-Object {
            $p = $_ -split '\|'
            [pscustomobject]@{ Prefix = $p[0]; Made = $p[1]; Thread = $p[2]; Count = [int] $p[3] }
        }
        $answers.Count | Should -Be 60
        $answers.Prefix | Sort-Object -Unique | Should -Be 'seen'
        foreach ($a in $answers) { $a.Thread | Should -Be $a.Made -Because 'a connection stays on one reactor' }
        $byThread = $answers | Group-Object Thread
        $byThread.Count | Should -Be 2 -Because 'both workers got connections'
        foreach ($g in $byThread) {
            # One runspace per worker: each counted only its own connections, 1, 2, 3...
            ($g.Group.Count | Sort-Object) | Should -Be $g.Count
            ($g.Group.Count | Measure-Object -Maximum).Maximum | Should -Be $g.Count
        }
        Wait-Until { $listener.Connections -eq 0 } -Because 'the connections to close'
        $listener.Accepted | Should -Be 60
        ($listener.Workers | Measure-Object ConnectionsAccepted -Sum).Sum | Should -Be 60
        ($listener.Workers | Measure-Object BytesReceived -Sum).Sum | Should -Be 60
        $listener.BytesReceived | Should -Be 60
        $listener.BytesSent | Should -Be (($answers | ForEach-Object { [Text.Encoding]::UTF8.GetByteCount("$($_.Prefix)|$($_.Made)|$($_.Thread)|$($_.Count)") } | Measure-Object -Sum).Sum)
    }

    It 'round-robin hands connections to each worker in turn' {
        Use-WorkerAccept RoundRobin {
            $listener = Start-ReactorListener -Workers 3 -OnDataReceived {
                $_.Transport.Write([Threading.Thread]::CurrentThread.Name); $_.Transport.LoseConnection()
            }
            "$($listener.WorkerAccept)" | Should -Be 'RoundRobin'
            $threads = Get-ThreadAnswer -Port $listener.Port -Count 9
            $threads[0..2] | Sort-Object -Unique | Should -HaveCount 3
            $threads[3..5] | Should -Be $threads[0..2]
            $threads[6..8] | Should -Be $threads[0..2]
        }
    }

    It 'Stop-ReactorListener frees the port on every worker; -CloseConnections closes theirs' {
        $listener = Start-ReactorListener -Workers 2 -OnConnectionMade { $_.Transport.Write('hello') }
        $clients = foreach ($i in 1..10) { [Net.Sockets.TcpClient]::new('127.0.0.1', $listener.Port) }
        try {
            Wait-Until { $listener.Connections -eq 10 } -Because 'ten connections'
            @($listener.Workers | Where-Object ActiveConnections -GT 0).Count | Should -Be 2
            $listener | Stop-ReactorListener -CloseConnections
            Test-PortFree $listener.Port | Should -BeTrue
            Wait-Until { $listener.Connections -eq 0 } -Because 'every worker to close its connections'
            Get-ReactorListener | Should -BeNullOrEmpty
        } finally { $clients | ForEach-Object Dispose }
    }

    It 'a bad POETRYREACTOR_WORKER_ACCEPT is a clear error and nothing listens' {
        Use-WorkerAccept 'Carrier pigeon' {
            $e = $null
            Start-ReactorListener -Workers 2 -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $e[0].FullyQualifiedErrorId | Should -BeLike 'ListenFailed,*'
            $e[0].Exception.Message | Should -BeLike "*POETRYREACTOR_WORKER_ACCEPT='Carrier pigeon'*ReusePort or RoundRobin*"
            Get-ReactorListener | Should -BeNullOrEmpty
        }
    }
}
