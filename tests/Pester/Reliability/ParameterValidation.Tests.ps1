param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Bad parameters: each fails at once with a binding or validation error and starts nothing. Each
# runs in its own runspace, bounded, so a hang fails the case instead of the run.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    Reset-ReactorState
}

AfterAll {
    Reset-ReactorState
}

Describe 'Parameter validation' {
    It '<Command>: a <Id> error, at once' -TestCases @(
        @{ Command = 'Get-Poetry 127.0.0.1:1 -TimeoutSec -1'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Get-Poetry 127.0.0.1:1 -MaxBytes 0'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Get-Poetry 127.0.0.1:1 -MaxBytes -5'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Get-Poetry -Address $null'; Id = 'ParameterArgumentValidationErrorNullNotAllowed' }
        @{ Command = 'Get-Poetry -Address @()'; Id = 'ParameterArgumentValidationErrorEmptyArrayNotAllowed' }
        @{ Command = 'Get-Poetry 127.0.0.1:1 -Mode Fastest'; Id = 'CannotConvertArgumentNoMessage' }
        @{ Command = 'Start-PoetryServer ecstasy -Delay -0.5'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Start-PoetryServer ecstasy -ChunkSize 0'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Start-PoetryServer ecstasy -ChunkSize 2147483647'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Start-PoetryServer ecstasy -ChunkSize 1e12'; Id = 'CannotConvertArgumentNoMessage' }
        @{ Command = 'Start-PoetryServer ecstasy -MaxConnections 0'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Start-PoetryServer ecstasy -Port 70000'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Start-PoetryServer -Poem $null'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Start-PoetryServer -Poem @()'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Start-PoetryServer -Path @()'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Invoke-ReactorLater -Delay -1 { }'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Invoke-ReactorLater 0 -Repeat -Count 0 { }'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Invoke-ReactorLater 0 $null'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Wait-Reactor -TimeoutSec -2'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Start-Reactor -BlockWarningSeconds 0'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Start-ReactorListener -Port -1'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Start-ReactorListener -Port 70000'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Connect-ReactorClient -Address @()'; Id = 'ParameterArgumentValidationError' }
        @{ Command = 'Connect-ReactorClient 127.0.0.1:1 -TimeoutSec -1'; Id = 'ParameterArgumentValidationError' }
    ) {
        $run = Start-StoppableCommand ([scriptblock]::Create("$Command -ErrorAction Stop"))
        try {
            Wait-StoppableCommand $run -TimeoutSec 10 | Should -BeTrue -Because 'bad input must fail, not hang'
            $record = if ($run.PowerShell.InvocationStateInfo.Reason) { $run.PowerShell.InvocationStateInfo.Reason.ErrorRecord } else { $run.PowerShell.Streams.Error[0] }
            $record.FullyQualifiedErrorId | Should -BeLike "$Id,*"
            $record.CategoryInfo.Category | Should -BeIn 'InvalidData', 'InvalidArgument'
            $run.Output.Count | Should -Be 0
            (Get-PoetryServer).Count | Should -Be 0 -Because 'nothing starts on bad input'
        } finally { Remove-StoppableCommand $run }
    }
}
