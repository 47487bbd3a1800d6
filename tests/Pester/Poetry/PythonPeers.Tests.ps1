param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# The wire protocol is the tutorial's: its Python client reads our servers' poems and Get-Poetry
# reads its Python server's, byte for byte.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    $script:Server = Start-PoetryServer lanterns -ChunkSize 64 -Delay 0.01
    $script:Expected = [IO.File]::ReadAllText($Server.Poem, [Text.Encoding]::UTF8)
}

AfterAll {
    Reset-ReactorState
}

Describe 'The wire protocol is the tutorial''s' {
    BeforeEach {
        if (-not (Test-Python)) { Set-ItResult -Skipped -Because 'python3 is not installed' }
    }

    It 'a python client gets the poem byte for byte from the <Kind> server' -TestCases @(
        @{ Kind = 'Reactor'; Blocking = $false }, @{ Kind = 'Blocking'; Blocking = $true }
    ) {
        $server = Start-PoetryServer lanterns -ChunkSize 7 -Delay 0 -Blocking:$Blocking
        $python = Start-PythonPeer -Port $server.Port
        try {
            $hex = Read-PythonLine $python
            $hex | Should -Be ([Convert]::ToHexString([IO.File]::ReadAllBytes($server.Poem)).ToLowerInvariant())
        } finally {
            Stop-PythonPeer $python
            $server | Stop-PoetryServer
        }
    }

    It 'Get-Poetry gets a python server''s poem byte for byte' {
        $bytes = [IO.File]::ReadAllBytes($Server.Poem)
        $python = Start-PythonPeer -Poem $bytes
        try {
            $poem = Get-Poetry "127.0.0.1:$(Read-PythonLine $python)"
            $poem.Complete | Should -BeTrue
            [Convert]::ToHexString($poem.GetBytes()) | Should -Be ([Convert]::ToHexString($bytes))
            $poem.Text | Should -BeExactly $Expected
        } finally {
            Stop-PythonPeer $python
        }
    }
}
