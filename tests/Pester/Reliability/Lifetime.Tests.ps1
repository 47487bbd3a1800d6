param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# What outlives what: servers when their reactor stops, everything when the module is removed or
# the process exits. The last two run in a fresh pwsh, so this session's module is not touched.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    $script:Helpers = (Get-Module PoetryReactor.TestHelpers).Path
}

AfterAll {
    Reset-ReactorState
}

Describe 'Stopping the reactor' {
    It 'drops reactor servers when the reactor stops, and the next server starts a new reactor' {
        $server = Start-PoetryServer science -Delay 0
        (Stop-Reactor -PassThru -TimeoutSec 10).State | Should -Be 'Stopped'
        $server.State | Should -Be 'Stopped'
        Get-PoetryServer | Where-Object Id -EQ $server.Id | Should -BeNullOrEmpty
        Test-PortFree $server.Port | Should -BeTrue
        $again = Start-PoetryServer science -Delay 0
        (Get-Poetry $again.Address).Complete | Should -BeTrue
        $again | Stop-PoetryServer
    }
}

Describe 'Module and process lifetime' {
    It 'Remove-Module with servers and a listener running closes them all and ends the reactor thread' {
        $lines = @(Invoke-ChildPwsh -TimeoutSec 60 -Command @"
Import-Module '$ModulePath'
Import-Module '$Helpers'
`$ports = (Start-PoetryServer -Poem ecstasy).Port, (Start-PoetryServer -Poem science -Blocking).Port, (Start-ReactorListener 0 -OnDataReceived { }).Port
`$before = Get-ReactorThreadCount
Remove-Module PoetryReactor
`$open = @(`$ports | Where-Object { Test-Listening `$_ }).Count
`$free = @(`$ports | Where-Object { Test-PortFree `$_ }).Count
# The thread ends after the module is gone, and says so to nobody: poll, bounded.
`$deadline = [Diagnostics.Stopwatch]::StartNew()
do { `$after = Get-ReactorThreadCount } while (`$after -gt 0 -and `$deadline.Elapsed.TotalSeconds -lt 10)
"ports `$(`$ports.Count) open `$open free `$free threads `$before `$after"
"@)
        $lines[-1] | Should -Be 'ports 3 open 0 free 3 threads 1 0'
    }

    It 'process exit with servers running: no hang, nothing left listening' {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $lines = @(Invoke-ChildPwsh -TimeoutSec 60 -Command @"
Import-Module '$ModulePath'
(Start-PoetryServer -Poem ecstasy -Delay 0.01).Port
(Start-PoetryServer -Poem science -Blocking).Port
(Start-ReactorListener 0 -OnDataReceived { }).Port
`$c = [Net.Sockets.TcpClient]::new(); `$c.Connect('127.0.0.1', (Get-PoetryServer)[0].Port)   # a live connection too
exit 0
"@)
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
        $lines.Count | Should -Be 3
        foreach ($port in $lines) { Test-Listening ([int] $port) | Should -BeFalse -Because "port $port belonged to an exited process" }
    }
}
