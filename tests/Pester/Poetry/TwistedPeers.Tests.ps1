param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Twisted itself is the peer: the tutorial's Twisted client reads our servers' poems, and every
# Get-Poetry mode reads a slow poetry server written on Twisted, byte for byte.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    $script:Peers = Join-Path $PSScriptRoot 'peers'
    & /usr/bin/python3 -c 'import twisted' *> $null
    $script:HasTwisted = $LASTEXITCODE -eq 0

    function Start-TwistedPeer([string] $Script, [string[]] $Arguments) {
        $psi = [Diagnostics.ProcessStartInfo]::new('/usr/bin/python3')
        $psi.ArgumentList.Add((Join-Path $script:Peers $Script))
        foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardInput = $true
        $psi.RedirectStandardError = $true
        $psi.UseShellExecute = $false
        [Diagnostics.Process]::Start($psi)
    }
}

AfterAll {
    Reset-ReactorState
}

Describe 'Twisted peers' {
    BeforeEach {
        if (-not $HasTwisted) { Set-ItResult -Skipped -Because 'python3-twisted is not installed' }
    }

    It 'the tutorial''s Twisted client gets three poems at once from <Kind> servers, byte for byte' -TestCases @(
        @{ Kind = 'Reactor'; Blocking = $false }, @{ Kind = 'Blocking'; Blocking = $true }
    ) {
        $servers = 'ecstasy', 'science', 'lanterns' | Start-PoetryServer -ChunkSize 97 -Delay 0 -Blocking:$Blocking
        # Not $servers.Address: arrays have an Address() method, which wins over member enumeration.
        $client = Start-TwistedPeer twisted_poetry_client.py @($servers | ForEach-Object Address)
        try {
            $lines = for ($i = 0; $i -lt 3; $i++) { Read-PythonLine $client -TimeoutSec 60 }
            $got = @{}
            foreach ($l in $lines) { $address, $hex = -split $l; $got[$address] = $hex }
            $got.Keys | Sort-Object | Should -Be ($servers | ForEach-Object Address | Sort-Object)
            foreach ($s in $servers) {
                $expected = [IO.File]::ReadAllBytes($s.Poem)
                $bytes = [Convert]::FromHexString($got[$s.Address])
                $bytes.Length | Should -Be $expected.Length -Because "the poem of $($s.Address) is $($expected.Length) bytes"
                [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($bytes)) |
                    Should -Be ([Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($expected))) -Because "the poem of $($s.Address) arrives byte for byte"
            }
        } finally {
            Stop-PythonPeer $client
            $servers | Stop-PoetryServer
        }
    }

    It 'Get-Poetry -Mode <Mode> reads a Twisted slow poetry server byte for byte' -TestCases @(
        @{ Mode = 'Blocking' }, @{ Mode = 'Threaded' }, @{ Mode = 'Select' }, @{ Mode = 'Reader' }, @{ Mode = 'Protocol' }
    ) {
        $path = (Get-PoetryPoem lanterns).Path
        $server = Start-TwistedPeer twisted_slow_poetry.py @($path, '50', '0.001')
        try {
            $port = Read-PythonLine $server
            $poems = Get-Poetry -Mode $Mode -Address "127.0.0.1:$port", "127.0.0.1:$port" -TimeoutSec 30
            $poems.Count | Should -Be 2
            $bytes = [IO.File]::ReadAllBytes($path)
            foreach ($p in $poems) {
                $p.Complete | Should -BeTrue
                $p.Bytes | Should -Be $bytes.Length
                [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($p.GetBytes())) |
                    Should -Be ([Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($bytes)))
            }
        } finally {
            Stop-PythonPeer $server
        }
    }
}
