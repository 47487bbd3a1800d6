param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# The help is held to the module: Get-Help shows the written pages, and every example of every
# page in docs/en-US and every powershell block of README.md runs as written. Pages and examples
# are found in the files, so a page added later is covered without touching this file.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    $docs = Join-Path $PSScriptRoot '../../../docs/en-US'
    $pages = @(Get-ChildItem $docs -Filter '*-*.md' | Sort-Object Name)
    $PageCases = foreach ($p in $pages) { @{ Name = $p.BaseName; Path = $p.FullName } }
    $ExampleCases = @(foreach ($p in $pages) { Get-PageExample -Path $p.FullName })
    $ExampleCases += @(foreach ($p in Get-ChildItem $docs -Filter 'about_*.md') { Get-AboutExample -Path $p.FullName })
    $ReadmeCases = @(Get-ReadmeExample -Path (Join-Path $PSScriptRoot '../../../README.md'))
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    Import-Module $ModulePath
    $script:Docs = Join-Path $PSScriptRoot '../../../docs/en-US'
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../../..')).Path

    # Runs one example in a clean module state and checks it: done in time, no errors, no warnings
    # but a blocked-loop one (machine load decides those), the shown output's shape, nothing left running.
    function Assert-ExampleRuns([string] $Code, $Output) {
        Reset-ReactorState -Runspace $script:Runspace
        $run = Invoke-ExampleCode -Runspace $script:Runspace -Code $Code -TimeoutSec 30
        $left = Invoke-ExampleCode -Runspace $script:Runspace -Code '@(Get-PoetryServer).Count + @(Get-ReactorListener).Count'
        Reset-ReactorState -Runspace $script:Runspace

        $run.TimedOut | Should -BeFalse -Because 'an example finishes within 30 s'
        $run.Errors | ForEach-Object { "$_ ($($_.FullyQualifiedErrorId))" } | Should -BeNullOrEmpty
        $run.Warnings | Where-Object Message -NotLike '*blocked the reactor*' | Should -BeNullOrEmpty
        $left.Lines | Should -Be '0' -Because 'an example stops the servers and listeners it starts'
        if ($null -ne $Output) {
            $actual = @(ConvertTo-OutputShape $run.Lines)
            $expected = @(ConvertTo-OutputShape ($Output -split '\r?\n'))
            ($actual -join "`n") | Should -Be ($expected -join "`n") -Because 'the output has the shape the page shows'
        }
    }
}

AfterAll {
    if ($script:Runspace) { Reset-ReactorState -Runspace $script:Runspace; $script:Runspace.Dispose() }
}

Describe 'Help pages' {
    It 'every exported cmdlet has a page, and every page a cmdlet' {
        $cmdlets = (Get-Command -Module PoetryReactor -CommandType Cmdlet).Name | Sort-Object
        $pageNames = (Get-ChildItem $script:Docs -Filter '*-*.md').BaseName | Sort-Object
        $pageNames | Should -Be $cmdlets
    }

    It 'Get-Help <Name> -Full shows the written page' -ForEach $PageCases {
        $text = Get-Content -Raw $Path
        $help = Get-Help $Name -Full
        $help.Synopsis | Should -Not -BeLike "$Name *" -Because 'a stub synopsis is the syntax line'
        ConvertTo-PlainWords $help.Synopsis | Should -BeLike "$(Get-Opening (Get-MarkdownSection $text 'SYNOPSIS'))*"
        $description = ($help.description | ForEach-Object Text) -join "`n"
        ConvertTo-PlainWords $description | Should -BeLike "$(Get-Opening (Get-MarkdownSection $text 'DESCRIPTION'))*"

        $parameters = (Get-Command $Name).Parameters.Values | Where-Object Name -NotIn ([System.Management.Automation.Cmdlet]::CommonParameters)
        foreach ($p in $parameters) {
            $written = [regex]::Match($text, "(?ms)^### -$($p.Name)\r?\n(.*?)^``````yaml").Groups[1].Value
            $shown = (Get-Help $Name -Parameter $p.Name).description.Text -join "`n"
            $written | Should -Not -BeNullOrEmpty -Because "-$($p.Name) is described on the page"
            ConvertTo-PlainWords $shown | Should -BeLike "$(Get-Opening $written)*" -Because "Get-Help shows the description of -$($p.Name)"
        }

        $examples = @(Get-PageExample -Path $Path)
        $examples.Count | Should -BeGreaterThan 0
        @($help.examples.example).Count | Should -Be $examples.Count
        for ($i = 0; $i -lt $examples.Count; $i++) {
            $firstLine = ($examples[$i].Code -split '\r?\n')[0]
            $help.examples.example[$i].code | Should -BeLike "*$([WildcardPattern]::Escape($firstLine))*"
        }
    }

    It 'Get-Help about_PoetryReactor shows the about topic' {
        $text = Get-Help about_PoetryReactor | Out-String
        $text | Should -Match 'about_PoetryReactor'
        foreach ($concept in 'Blocking', 'Threaded', 'Asynchronous', 'reactor thread', 'pipeline thread', '$using:', 'Get-Poetry') {
            $text | Should -BeLike "*$concept*"
        }
    }
}

Describe 'Examples run as written' {
    BeforeAll {
        $script:Runspace = New-ExampleRunspace -ModulePath $ModulePath -Location $script:Root
    }

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
