param([string] $ModulePath = (Join-Path $PSScriptRoot '../out/PoetryReactor/PoetryReactor.psd1'))

# Every example of the reactor cmdlets' help pages runs as written.

BeforeDiscovery {
    $pages = 'Start-Reactor', 'Stop-Reactor', 'Get-Reactor', 'Wait-Reactor', 'Register-ReactorCallback',
        'Invoke-ReactorLater', 'Stop-ReactorCall', 'Start-ReactorListener', 'Stop-ReactorListener',
        'Get-ReactorListener', 'Connect-ReactorClient'
    $examples = foreach ($page in $pages) {
        $text = Get-Content -Raw (Join-Path $PSScriptRoot "../docs/en-US/$page.md")
        $found = [regex]::Matches($text, '(?ms)^### (Example \d+: [^\n]*)\n\n```powershell\n(.*?)\n```')
        foreach ($m in $found) { @{ Page = $page; Title = $m.Groups[1].Value; Code = $m.Groups[2].Value } }
    }
}

BeforeAll {
    Import-Module $ModulePath -Force
}

AfterAll {
    Get-ReactorListener | Stop-ReactorListener -CloseConnections
    Stop-Reactor -ErrorAction Ignore
}

Describe 'Help examples' {
    It 'every page has examples' -ForEach @(@{ Count = $examples.Count }) {
        $Count | Should -BeGreaterOrEqual 11
    }

    It '<Page>: <Title>' -ForEach $examples {
        Wait-Reactor -Timeout 0 | Out-Null
        $records = & ([scriptblock]::Create($Code)) 2>&1 3>&1
        $errors = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        # Blocked-loop warnings depend on the machine's load (a new reactor's first callbacks load commands).
        $warnings = @($records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] -and $_.Message -notlike '*blocked the reactor*' })
        # Only the examples about failures may write errors, and only the ones they are about.
        if ($Code -match 'throw') { $errors.FullyQualifiedErrorId | Should -BeLike 'ReactorCallbackFailed*' }
        else { $errors | Should -BeNullOrEmpty }
        $warnings | Should -BeNullOrEmpty
        Get-ReactorListener | Should -BeNullOrEmpty
    }
}
