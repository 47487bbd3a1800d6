param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# The help is held to the module: every cmdlet has a page in docs/en-US, and Get-Help shows what
# the page says. Pages are found in the folder, so a page added later is covered without touching
# this file.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    $docs = Join-Path (Get-RepositoryRoot) 'docs/en-US'
    $PageCases = foreach ($p in Get-ChildItem $docs -Filter '*-*.md' | Sort-Object Name) { @{ Name = $p.BaseName; Path = $p.FullName } }
}

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    $script:Docs = Join-Path (Get-RepositoryRoot) 'docs/en-US'
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
