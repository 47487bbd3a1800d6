param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Every example of every page in docs/en-US (cmdlet pages and about topics) and every powershell
# block of README.md runs as written, in a runspace with the repository as its current folder and
# nothing an earlier example defined, and prints the output its page shows (compared as
# ExampleRunner.psm1 says: numbers exactly, but for ports, times and the fields named there).
# Examples are found in the files, so one added later is covered without touching this file.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    $root = Get-RepositoryRoot
    $docs = Join-Path $root 'docs/en-US'
    $ExampleCases = @(foreach ($p in Get-ChildItem $docs -Filter '*-*.md' | Sort-Object Name) { Get-PageExample -Path $p.FullName })
    $ExampleCases += @(foreach ($p in Get-ChildItem $docs -Filter 'about_*.md') { Get-AboutExample -Path $p.FullName })
    $ReadmeCases = @(Get-ReadmeExample -Path (Join-Path $root 'README.md'))
}

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    Import-Module (Join-Path $PSScriptRoot 'ExampleRunner.psm1')
}

AfterAll {
    Reset-ReactorState
    Close-ExampleRunspace
}

Describe 'Examples run as written' {
    It 'the README has powershell blocks to run' -ForEach @(@{ Count = $ReadmeCases.Count }) {
        $Count | Should -BeGreaterOrEqual 3
    }

    It '<Page>: <Title>' -ForEach $ExampleCases {
        $Code | Should -Not -BeNullOrEmpty -Because 'an example has a ```powershell block'
        Assert-ExampleRuns -Code $Code -Output $Output
    }

    It 'README.md: <Title>' -ForEach $ReadmeCases {
        Assert-ExampleRuns -Code $Code -Output $Output
    }
}
