param([string] $ModulePath = (Join-Path $PSScriptRoot '../out/PoetryReactor/PoetryReactor.psd1'))

BeforeDiscovery {
    $script:Pages = foreach ($name in 'Get-Poetry', 'Get-PoetryPoem', 'Get-PoetryServer', 'Start-PoetryServer', 'Stop-PoetryServer') {
        $text = Get-Content -Raw (Join-Path $PSScriptRoot "../docs/en-US/$name.md")
        $examples = $text.Substring($text.IndexOf('## EXAMPLES'), $text.IndexOf('## PARAMETERS') - $text.IndexOf('## EXAMPLES'))
        $blocks = [regex]::Matches($examples, '(?ms)^### (?<title>[^\r\n]+)\r?\n+```powershell\r?\n(?<code>.*?)^```')
        foreach ($b in $blocks) { @{ Command = $name; Title = $b.Groups['title'].Value; Code = $b.Groups['code'].Value } }
    }
}

BeforeAll {
    Import-Module $ModulePath
}

AfterAll {
    Stop-PoetryServer -All
}

Describe 'Help of the poetry cmdlets' {
    It '<Command>, <Title>: runs as written, without errors, and stops what it starts' -TestCases $Pages {
        $ErrorActionPreference = 'Stop'
        $before = @(Get-PoetryServer).Count
        $null = & ([scriptblock]::Create($Code)) | Out-String
        @(Get-PoetryServer).Count | Should -Be $before
    }

    It 'Get-Help finds the synopsis of <_>' -TestCases @('Get-Poetry', 'Get-PoetryPoem', 'Get-PoetryServer', 'Start-PoetryServer', 'Stop-PoetryServer') {
        (Get-Help $_).Synopsis | Should -Not -Match '^\s*$|\{\{'
        (Get-Help $_ -Parameter *).Count | Should -BeGreaterThan 0
    }
}
