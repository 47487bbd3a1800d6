param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# docs/conventions.md, checked against every exported cmdlet's metadata.

BeforeDiscovery {
    Import-Module $ModulePath
    $script:Cmdlets = Get-Command -Module PoetryReactor -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name; Verb = $_.Verb } }
    $script:StateChanging = $Cmdlets | Where-Object Verb -In 'Start', 'Stop', 'Register', 'Unregister', 'Disconnect', 'Export'
    # Stop-Reactor ends the one reactor of the module: there are no objects to pipe.
    $script:Ending = $Cmdlets | Where-Object { $_.Verb -in 'Stop', 'Unregister', 'Disconnect', 'Export' -and $_.Name -ne 'Stop-Reactor' }
    # Cmdlets whose -Id, -Name, -Port or -Address select things that exist (not a name given to something new).
    $script:Selecting = $Cmdlets | Where-Object { $_.Verb -in 'Get', 'Stop', 'Unregister', 'Disconnect' -or $_.Name -in 'Get-Poetry', 'Measure-PoetryModel', 'Connect-ReactorClient' }
}

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    function Get-Parameter([string] $Command, [string] $Parameter) { (Get-Command $Command).Parameters[$Parameter] }
}

Describe 'Every cmdlet' {
    It '<Name> declares its output type' -ForEach $Cmdlets {
        (Get-Command $Name).OutputType | Should -Not -BeNullOrEmpty
    }

    It '<Name> calls a timeout -TimeoutSec, and 0 is allowed (no limit)' -ForEach $Cmdlets {
        $command = Get-Command $Name
        $command.Parameters.Keys | Should -Not -Contain 'Timeout'
        if ($command.Parameters.ContainsKey('TimeoutSec')) {
            $range = $command.Parameters['TimeoutSec'].Attributes | Where-Object { $_ -is [ValidateRange] }
            $range.MinRange | Should -Be 0
        }
    }
}

Describe 'State changes' {
    It '<Name> supports -WhatIf and -Confirm' -ForEach $StateChanging {
        (Get-Command $Name).Parameters.Keys | Should -Contain 'WhatIf'
        (Get-Command $Name).Parameters.Keys | Should -Contain 'Confirm'
    }

    It '<Name> takes the objects it ends as -InputObject from the pipeline, and has -PassThru' -ForEach $Ending {
        $p = Get-Parameter $Name InputObject
        $p | Should -Not -BeNullOrEmpty
        @($p.ParameterSets.Values.ValueFromPipeline) | Should -Contain $true
        (Get-Command $Name).Parameters.Keys | Should -Contain 'PassThru'
    }
}

Describe 'Selecting what exists' {
    It '<Name>: -Id, -Name, -Port and -Address bind by property name and complete' -ForEach $Selecting {
        $command = Get-Command $Name
        # Invoke-, Start- and Connect- name new things with -Name and -Port; only their -Address selects.
        $selecting = if ($command.Verb -in 'Get', 'Stop', 'Unregister', 'Disconnect') { 'Id', 'Name', 'Port', 'Address' } else { 'Address' }
        foreach ($parameter in $selecting | Where-Object { $command.Parameters.ContainsKey($_) }) {
            $p = $command.Parameters[$parameter]
            @($p.ParameterSets.Values.ValueFromPipelineByPropertyName) | Should -Contain $true -Because "-$parameter of $Name binds by property name"
            $completer = $p.Attributes | Where-Object { $_ -is [ArgumentCompleter] }
            if ($Name -ne 'Get-PoetryPoem' -or $parameter -ne 'Name') {
                $completer | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name completes"
            }
        }
    }
}

Describe 'The same idea, the same default' {
    It 'both server cmdlets bind localhost by default and pick a free port' {
        $poetry = Start-PoetryServer science
        $listener = Start-ReactorListener
        try {
            $poetry.Interface | Should -Be '127.0.0.1'
            $listener.Interface | Should -Be '127.0.0.1'
            $poetry.Port | Should -BeGreaterThan 0
            $listener.Port | Should -BeGreaterThan 0
        } finally {
            $poetry | Stop-PoetryServer
            $listener | Stop-ReactorListener
        }
    }
}
