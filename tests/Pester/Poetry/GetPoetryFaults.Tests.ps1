param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Get-Poetry when things go wrong, every fault in one call: each a clear error with its ErrorId
# and address, a partial poem marked incomplete, and the good poem still whole. The reset comes
# from the tutorial's Python server, told by the test when the client has read the first half.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    $script:Utf8 = [Text.UTF8Encoding]::new($false)
    $script:Texts = [ordered]@{ long = "The long one, café and 月, goes on`n" * 5 + "and on.`n"; short = "Short.`n" }
    $script:Servers = foreach ($name in $Texts.Keys) {
        Start-PoetryServer -Path (New-PoemFile -Name $name -Text $Texts[$name]) -ChunkSize 8 -Delay 0.02
    }
    $script:Addresses = $Servers | ForEach-Object Address
}

AfterAll {
    Reset-ReactorState
}

Describe 'Get-Poetry faults' {
    It 'reports each fault with its ErrorId and the address, and the good poem still arrives' {
        if (-not (Test-Python)) { Set-ItResult -Skipped -Because 'python3 is not installed (it plays the server that resets)' }
        $silent = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)   # accepts (backlog), never writes
        $silent.Start()
        $half = $Utf8.GetBytes('half a poem, then a reset')
        $python = Start-PythonPeer -Poem $half -Reset
        try {
            $resetAddress = "127.0.0.1:$(Read-PythonLine $python)"
            $refused = "127.0.0.1:$(Get-FreePort)"
            $timeout = "127.0.0.1:$($silent.LocalEndpoint.Port)"
            $big = $Addresses[0]
            $addresses = 'not an address', $refused, $timeout, 'nonexistent.invalid:10000', $resetAddress, $big, $Addresses[1]
            $out = Get-Poetry $addresses -TimeoutSec 1 -MaxBytes 100 -IncludeChunk -ErrorVariable err -ErrorAction SilentlyContinue |
                ForEach-Object {
                    # The client has read the first half: now the python server resets.
                    if ($_ -is [PoetryReactor.Core.Poetry.Clients.ChunkEvent] -and $_.Address -eq $resetAddress) { $python.StandardInput.WriteLine('reset') }
                    $_
                }
            $poems = $out | Where-Object { $_ -is [PoetryReactor.Core.Poetry.Clients.Poem] }
            $ids = @{}
            foreach ($e in $err) { $ids[$e.FullyQualifiedErrorId.Split(',')[0]] = $e }
            $ids.Keys | Sort-Object | Should -Be (
                'AddressInvalid', 'PoetryConnectionLost', 'PoetryConnectionRefused', 'PoetryHostNotFound', 'PoetryTimeout', 'PoetryTooLarge' | Sort-Object)
            $ids.AddressInvalid.TargetObject | Should -Be 'not an address'
            $ids.PoetryConnectionRefused.TargetObject | Should -Be $refused
            $ids.PoetryConnectionRefused.CategoryInfo.Category | Should -Be 'ConnectionError'
            $ids.PoetryTimeout.TargetObject | Should -Be $timeout
            $ids.PoetryTimeout.CategoryInfo.Category | Should -Be 'OperationTimeout'
            $ids.PoetryHostNotFound.TargetObject | Should -Be 'nonexistent.invalid:10000'
            $ids.PoetryTooLarge.TargetObject | Should -Be $big
            $ids.PoetryConnectionLost.TargetObject | Should -Be $resetAddress

            ($poems | Where-Object Complete).Text | Should -BeExactly $Texts.short
            $partial = $poems | Where-Object { -not $_.Complete } | Sort-Object Address
            ($partial | Where-Object Address -EQ $big).Bytes | Should -Be 100
            $sent = $half[0..([int][math]::Floor($half.Length / 2) - 1)]
            ($partial | Where-Object Address -EQ $resetAddress).GetBytes() | Should -Be $sent
            @($poems).Count | Should -Be 3 -Because 'tasks that got no bytes write only their error'
        } finally {
            $silent.Stop()
            Stop-PythonPeer $python
        }
    }
}
