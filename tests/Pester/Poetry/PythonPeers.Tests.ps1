param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    $script:Server = Start-PoetryServer lanterns -ChunkSize 64 -Delay 0.01
    $script:Expected = [IO.File]::ReadAllText($Server.Poem, [Text.Encoding]::UTF8)
}

AfterAll {
    Stop-PoetryServer -All
}

Describe 'Get-Poetry from other runspaces and processes' {
    It 'works from Start-Job, and the poem keeps its property values when deserialized' {
        $poem = Start-Job -ScriptBlock {
            param($module, $address)
            Import-Module $module
            Get-Poetry $address -Mode Threaded
        } -ArgumentList $ModulePath, $Server.Address | Receive-Job -Wait -AutoRemoveJob
        $poem.PSObject.TypeNames[0] | Should -Be 'Deserialized.PoetryReactor.Poem'
        $poem.Text | Should -BeExactly $Expected
        $poem.Bytes | Should -Be $Server.Bytes
        $poem.TaskNumber | Should -Be 1
        $poem.Address | Should -Be $Server.Address
        $poem.Complete | Should -BeTrue
        $poem.Chunks | Should -BeGreaterThan 0
        "$($poem.Mode)" | Should -Be 'Threaded'
        $poem.Elapsed | Should -BeOfType [timespan]
        $poem | Out-String | Should -Match 'Lanterns on the Quay'
    }

    It 'works from ForEach-Object -Parallel' {
        $texts = 1..3 | ForEach-Object -ThrottleLimit 3 -Parallel {
            Import-Module $using:ModulePath
            (Get-Poetry $using:Server.Address).Text
        }
        $texts.Count | Should -Be 3
        $texts | ForEach-Object { $_ | Should -BeExactly $Expected }
    }

    It 'works from Start-ThreadJob' {
        Get-Command Start-ThreadJob -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty -Because 'pwsh 7.6 ships Microsoft.PowerShell.ThreadJob'
        $address = $Server.Address
        $poem = Start-ThreadJob -ScriptBlock {
            Import-Module $using:ModulePath
            Get-Poetry $using:address -Mode Reader
        } | Receive-Job -Wait -AutoRemoveJob
        $poem.Text | Should -BeExactly $Expected
    }
}

Describe 'The wire protocol is the tutorial''s' -Skip:(-not (Test-Path '/usr/bin/python3')) {
    It 'a python client gets the poem byte for byte from the <Kind> server' -TestCases @(
        @{ Kind = 'Reactor'; Blocking = $false }, @{ Kind = 'Blocking'; Blocking = $true }
    ) {
        $server = Start-PoetryServer lanterns -ChunkSize 7 -Delay 0 -Blocking:$Blocking
        $python = Start-PythonProgram -Code $PythonClient -Arguments $server.Port
        try {
            $hex = Read-PythonLine $python
            $hex | Should -Be ([Convert]::ToHexString([IO.File]::ReadAllBytes($server.Poem)).ToLowerInvariant())
        } finally {
            if (-not $python.HasExited) { $python.Kill() }
            $python.Dispose()
            $server | Stop-PoetryServer
        }
    }

    It 'Get-Poetry gets a python server''s poem byte for byte' {
        $bytes = [IO.File]::ReadAllBytes($Server.Poem)
        $python = Start-PythonProgram -Code $PythonServer -Arguments ([Convert]::ToHexString($bytes))
        try {
            $poem = Get-Poetry "127.0.0.1:$(Read-PythonLine $python)"
            $poem.Complete | Should -BeTrue
            [Convert]::ToHexString($poem.GetBytes()) | Should -Be ([Convert]::ToHexString($bytes))
            $poem.Text | Should -BeExactly $Expected
        } finally {
            if (-not $python.HasExited) { $python.Kill() }
            $python.Dispose()
        }
    }
}
