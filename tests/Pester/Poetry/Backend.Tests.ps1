param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# The poetry suite runs twice: on the default backend, and with POETRYREACTOR_BACKEND=Select (the
# portable path). This holds each run to the backend it claims.

BeforeAll {
    Import-Module $ModulePath
    $script:Expected = if ($env:POETRYREACTOR_BACKEND) { $env:POETRYREACTOR_BACKEND } elseif ($IsLinux) { 'Epoll' } else { 'Select' }
}

AfterAll { Stop-Reactor }

Describe 'The backend of this run' {
    It 'is the one POETRYREACTOR_BACKEND names (Epoll on Linux when unset), for the module''s reactor' {
        Stop-Reactor
        (Start-Reactor).Backend | Should -Be $Expected
    }

    It 'serves and fetches on it, the reactor clients included' {
        $server = Start-PoetryServer science -Delay 0
        try {
            foreach ($mode in 'Reader', 'Protocol') {
                (Get-Poetry $server.Address -Mode $mode).Complete | Should -BeTrue -Because "the $mode client fetches on $Expected"
            }
        } finally { $server | Stop-PoetryServer }
        (Get-Reactor).Backend | Should -Be $Expected
    }
}
