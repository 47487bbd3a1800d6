param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Get-Poetry where PowerShell runs it elsewhere: a job process (the poem deserialized), parallel
# runspaces and thread jobs, each importing the module for itself.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    $script:Server = Start-PoetryServer lanterns -ChunkSize 64 -Delay 0.01
    $script:Expected = [IO.File]::ReadAllText($Server.Poem, [Text.Encoding]::UTF8)
}

AfterAll {
    Reset-ReactorState
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
        $address = $Server.Address
        $poem = Start-ThreadJob -ScriptBlock {
            Import-Module $using:ModulePath
            Get-Poetry $using:address -Mode Reader
        } | Receive-Job -Wait -AutoRemoveJob
        $poem.Text | Should -BeExactly $Expected
    }
}
