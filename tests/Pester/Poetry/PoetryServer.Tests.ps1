param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# The poems shipped with the module and the servers that serve them: Get-PoetryPoem,
# Start-PoetryServer, Get-PoetryServer and Stop-PoetryServer. Binding and poem-file limits are in
# Reliability/Security.Tests.ps1; what happens to servers when the reactor or module goes, in
# Reliability/Lifetime.Tests.ps1.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    $script:PoemFolder = Join-Path (Split-Path $ModulePath -Parent) 'poems'
}

AfterAll {
    Reset-ReactorState
}

Describe 'Get-PoetryPoem' {
    It 'lists every shipped poem with its title and size' {
        $poems = Get-PoetryPoem
        $files = Get-ChildItem $PoemFolder -Filter *.txt
        $poems.Count | Should -Be $files.Count
        foreach ($file in $files) {
            $poem = $poems | Where-Object Name -EQ $file.BaseName
            $poem.Bytes | Should -Be $file.Length
            $poem.Title | Should -Be (Get-Content $file.FullName -TotalCount 1).Trim()
            $poem.Path | Should -Be $file.FullName
        }
    }

    It 'filters by wildcard and reports a name that matches nothing' {
        (Get-PoetryPoem -Name 'sci*').Name | Should -Be 'science'
        Get-PoetryPoem -Name 'no-such-poem' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PoetryPoemNotFound,*'
    }
}

Describe 'Start-PoetryServer' {
    AfterEach { Stop-PoetryServer -All }

    It 'starts with the tutorial''s defaults and emits a live server object' {
        $server = Start-PoetryServer science
        $server.PSObject.TypeNames[0] | Should -Be 'PoetryReactor.Objects.PoetryServer'
        $server.Name | Should -Be 'science'
        $server.Interface | Should -Be '127.0.0.1'
        $server.Port | Should -BeGreaterThan 0
        $server.Address | Should -Be "127.0.0.1:$($server.Port)"
        $server.ChunkSize | Should -Be 10
        $server.Delay | Should -Be 0.7
        $server.Mode | Should -Be 'Reactor'
        $server.State | Should -Be 'Listening'
        $server.Bytes | Should -Be (Get-Item (Join-Path $PoemFolder 'science.txt')).Length
        $server.ConnectionsServed | Should -Be 0
    }

    It 'keeps serving between cmdlet calls, and its counters are live' {
        $server = Start-PoetryServer science -Delay 0 -ChunkSize 64
        (Get-Poetry $server.Address -Mode Threaded).Complete | Should -BeTrue
        (Get-Poetry $server.Address -Mode Select).Complete | Should -BeTrue
        Wait-Until { $server.ConnectionsServed -eq 2 } -Because 'both connections counted'
        $server.BytesSent | Should -Be (2 * $server.Bytes)
        $server.ActiveConnections | Should -Be 0
        $server.Log -join "`n" | Should -Match 'Somebody at 127\.0\.0\.1:\d+ wants poetry!'
    }

    It 'serves files piped from Get-ChildItem, named after the file' {
        $path = New-PoemFile -Name 'piped' -Text "A piped poem`n"
        $server = Get-ChildItem $path | Start-PoetryServer -Delay 0
        $server.Name | Should -Be 'piped'
        $server.Poem | Should -Be $path
        (Get-Poetry $server.Address -Mode Threaded).Text | Should -Be "A piped poem`n"
    }

    It 'starts several poems from the pipeline, each on its own free port' {
        $servers = 'science', 'lanterns' | Start-PoetryServer -Delay 0
        $servers.Count | Should -Be 2
        $servers[0].Port | Should -Not -Be $servers[1].Port
        (Get-PoetryServer).Id | Should -Be $servers.Id
    }

    It 'says where it serves with -Verbose' {
        $lines = Start-PoetryServer science -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        "$lines" | Should -Match 'Serving .*science\.txt on port \d+\.'
    }

    It 'reports a missing file, an unknown poem and an empty poem, and still starts the others' {
        $empty = New-PoemFile -Name 'empty' -Text ''
        $good = New-PoemFile -Name 'good' -Text "good`n"
        $servers = Start-PoetryServer -Path (Join-Path $TestDrive 'missing.txt'), $empty, $good -ErrorVariable err -ErrorAction SilentlyContinue
        $servers.Name | Should -Be 'good'
        $err.FullyQualifiedErrorId | Should -Be 'PoetryFileNotFound,PoetryReactor.Commands.StartPoetryServerCommand', 'PoetryEmpty,PoetryReactor.Commands.StartPoetryServerCommand'
        $err[0].TargetObject | Should -Be (Join-Path $TestDrive 'missing.txt')
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'

        $servers = Start-PoetryServer 'no-such-poem', 'science' -ErrorVariable err2 -ErrorAction SilentlyContinue
        $servers.Name | Should -Be 'science'
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'PoetryPoemNotFound,*'
        $err2[0].TargetObject | Should -Be 'no-such-poem'
    }

    It 'reports a port in use, with the address as target' {
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $port = $listener.LocalEndpoint.Port
            Start-PoetryServer science -Port $port -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'PortInUse,*'
            $err[0].TargetObject | Should -Be "127.0.0.1:$port"
            $err[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        } finally { $listener.Stop() }
    }

    It 'gives an explicit port to the first poem only and says so for the others' {
        $port = Get-FreePort
        $servers = Start-PoetryServer science, lanterns -Port $port -ErrorVariable err -ErrorAction SilentlyContinue
        $servers.Name | Should -Be 'science'
        $servers.Port | Should -Be $port
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PortInUse,*'
        $err[0].Exception.Message | Should -Match "lanterns.*port $port.*science"
    }

    It 'rejects an interface that is not an address of this machine' {
        Start-PoetryServer science -Interface 'not-an-ip' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InterfaceInvalid,*'
        $err[0].TargetObject | Should -Be 'not-an-ip'
        # TEST-NET-1: a valid address that no interface here has.
        Start-PoetryServer science -Interface '192.0.2.1' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InterfaceInvalid,*'
    }

    It 'closes clients beyond -MaxConnections at once and counts them as refused' {
        $server = Start-PoetryServer lanterns -Delay 30 -MaxConnections 1
        $server.MaxConnections | Should -Be 1
        $first = [Net.Sockets.TcpClient]::new('127.0.0.1', $server.Port)
        $second = [Net.Sockets.TcpClient]::new('127.0.0.1', $server.Port)
        try {
            $buffer = [byte[]]::new(4096)
            $stream = $first.GetStream(); $stream.ReadTimeout = 20000
            $stream.Read($buffer, 0, $buffer.Length) | Should -Be 10
            $stream = $second.GetStream(); $stream.ReadTimeout = 20000
            $ended = try { $stream.Read($buffer, 0, $buffer.Length) } catch [IO.IOException] { if ($_.Exception.InnerException.SocketErrorCode -eq 'TimedOut') { throw }; 0 }
            $ended | Should -Be 0 -Because 'the second client is closed without a poem'
            Wait-Until { $server.ConnectionsRefused -eq 1 } -Because 'the refusal counted'
            $server.ActiveConnections | Should -Be 1
        } finally { $first.Dispose(); $second.Dispose() }
    }

    It 'serves IPv6 loopback clients' {
        $server = Start-PoetryServer science -Interface '::1' -Delay 0
        $server.Address | Should -Be "[::1]:$($server.Port)"
        (Get-Poetry $server.Address -Mode Select).Bytes | Should -Be $server.Bytes
    }

    It 'tab-completes shipped poem names' {
        $line = 'Start-PoetryServer -Poem ec'
        $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $result.CompletionMatches.CompletionText | Should -Contain 'ecstasy'
        $result.CompletionMatches.CompletionText | Should -Not -Contain 'science'
    }

    It 'renders the table view' {
        $server = Start-PoetryServer science
        $text = $server | Out-String -Width 200
        foreach ($column in 'Id', 'Name', 'Address', 'Mode', 'State', 'Served', 'Active', 'BytesSent') { $text | Should -Match "\b$column\b" }
        $text | Should -Match ([regex]::Escape($server.Address))
    }
}

Describe 'Get-PoetryServer and Stop-PoetryServer' {
    BeforeEach {
        Stop-PoetryServer -All
        $script:a, $script:b = Start-PoetryServer science, lanterns -Delay 0
    }
    AfterAll { Stop-PoetryServer -All }

    It 'finds servers by id, name wildcard and port, and reports what it cannot find' {
        (Get-PoetryServer -Id $b.Id).Name | Should -Be 'lanterns'
        (Get-PoetryServer -Name 'sci*').Id | Should -Be $a.Id
        (Get-PoetryServer -Port $a.Port).Id | Should -Be $a.Id
        Get-PoetryServer -Id 99999 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PoetryServerNotFound,*'
    }

    It 'does nothing with -WhatIf' {
        Stop-PoetryServer -Id $a.Id -WhatIf
        $a.State | Should -Be 'Listening'
        (Get-PoetryServer).Count | Should -Be 2
    }

    It 'stops by object, frees the port at once, and drops the server from the registry' {
        $stopped = $a | Stop-PoetryServer -PassThru
        $stopped.State | Should -Be 'Stopped'
        (Get-PoetryServer).Id | Should -Be $b.Id
        Test-PortFree $a.Port | Should -BeTrue
    }

    It 'stops by port and by id, and -All stops the rest' {
        Stop-PoetryServer -Port $a.Port
        $a.State | Should -Be 'Stopped'
        Stop-PoetryServer -Id 99999 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PoetryServerNotFound,*'
        Stop-PoetryServer -All
        $b.State | Should -Be 'Stopped'
        Get-PoetryServer | Should -BeNullOrEmpty
    }

    It 'closes a live connection cleanly when the <Kind> server stops' -TestCases @(
        @{ Kind = 'Reactor'; Blocking = $false }, @{ Kind = 'Blocking'; Blocking = $true }
    ) {
        $slow = Start-PoetryServer lanterns -Delay 30 -Blocking:$Blocking
        $client = [Net.Sockets.TcpClient]::new('127.0.0.1', $slow.Port)
        try {
            $stream = $client.GetStream()
            $stream.ReadTimeout = 20000
            $buffer = [byte[]]::new(4096)
            $stream.Read($buffer, 0, $buffer.Length) | Should -Be 10
            $slow | Stop-PoetryServer
            $stream.Read($buffer, 0, $buffer.Length) | Should -Be 0 -Because 'a clean close is end of stream, not a reset'
        } finally { $client.Dispose() }
    }
}
