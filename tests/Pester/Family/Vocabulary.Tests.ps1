param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# The same words behave the same everywhere: $servers.Address, completion, -WhatIf, preferences.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    function Get-Completion([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.ListItemText
    }
}

AfterAll {
    Stop-PoetryServer -All
    Stop-Reactor
}

Describe '$servers.Address' {
    BeforeAll {
        $script:Servers = 'science', 'lanterns' | Start-PoetryServer -Delay 0
    }
    AfterAll { $Servers | Stop-PoetryServer }

    It 'is the array''s own Address method in PowerShell, and Get-Poetry takes the servers'' addresses from it' {
        $Servers.Address | Should -BeOfType [Management.Automation.PSMethodInfo]
        $poems = Get-Poetry -Address $Servers.Address
        ($poems | ForEach-Object Address | Sort-Object) | Should -Be ($Servers | ForEach-Object Address | Sort-Object)
        $poems.Complete | Should -Be $true, $true
    }

    It 'works for Connect-ReactorClient too' {
        $listeners = 1..2 | ForEach-Object { Start-ReactorListener -OnConnectionMade { $_.Transport.Write('hi'); $_.Transport.LoseConnection() } }
        try {
            $out = Connect-ReactorClient $listeners.Address -OnDataReceived { $_.Text }
            $out | Should -Be 'hi', 'hi'
        } finally { $listeners | Stop-ReactorListener }
    }

    It 'of objects without an Address is a clear error that names the fix' {
        $things = @([pscustomobject]@{ Name = 'a' }, [pscustomobject]@{ Name = 'b' })
        { Get-Poetry -Address $things.Address } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,*'
        try { Get-Poetry -Address $things.Address } catch { $_.Exception.Message | Should -BeLike '*no Address property*' }
    }
}

Describe 'Completion' {
    BeforeAll {
        $script:Server = Start-PoetryServer science
        $script:Listener = Start-ReactorListener -Name 'chat room'
        $script:Call = Invoke-ReactorLater 60 -Name reminder { }
    }
    AfterAll {
        $Server | Stop-PoetryServer
        $Listener | Stop-ReactorListener
        $Call | Stop-ReactorCall
    }

    It 'offers the running servers'' and listeners'' addresses for -Address' {
        $offered = Get-Completion 'Get-Poetry -Address '
        $offered | Should -Contain $Server.Address
        $offered | Should -Contain $Listener.Address
        Get-Completion 'Connect-ReactorClient ' | Should -Contain $Listener.Address
    }

    It 'offers ids and names of what runs, quoting names with blanks' {
        Get-Completion 'Stop-PoetryServer -Id ' | Should -Contain "$($Server.Id)"
        Get-Completion 'Get-ReactorCall -Name rem' | Should -Be 'reminder'
        $match = (TabExpansion2 -inputScript 'Get-ReactorListener -Name chat' -cursorColumn 30).CompletionMatches
        $match.CompletionText | Should -Be "'chat room'"
        Get-Completion 'Get-ReactorListener -Port ' | Should -Contain "$($Listener.Port)"
    }

    It 'offers the client models for -Mode and the shipped poems for -Poem' {
        Get-Completion 'Get-Poetry 1 -Mode ' | Should -Be 'Blocking', 'Protocol', 'Reader', 'Select', 'Threaded'
        Get-Completion 'Start-PoetryServer -Poem lan' | Should -Be 'lanterns'
    }
}

Describe '-WhatIf changes nothing' {
    It 'Start-PoetryServer, Start-ReactorListener, Register-ReactorCallback and Export-PoetryTimeline' {
        $servers = @(Get-PoetryServer).Count
        Start-PoetryServer science -WhatIf | Should -BeNullOrEmpty
        @(Get-PoetryServer).Count | Should -Be $servers
        Start-ReactorListener -Name ghost -WhatIf | Should -BeNullOrEmpty
        Get-ReactorListener -Name ghost -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Register-ReactorCallback Shutdown -Name ghost -WhatIf { }
        Get-ReactorCallback -Name ghost -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $path = Join-Path $TestDrive 'ghost.svg'
        $server = Start-PoetryServer science -Delay 0
        try { Measure-PoetryModel $server.Address -Mode Protocol | Export-PoetryTimeline $path -WhatIf } finally { $server | Stop-PoetryServer }
        Test-Path $path | Should -BeFalse
    }
}

Describe 'Preferences travel into callbacks' {
    It '-Verbose and $VerbosePreference reach Write-Verbose inside' {
        Invoke-ReactorLater 0 -Wait { Write-Verbose 'inside' } -Verbose 4>&1 | ForEach-Object Message | Should -Be 'inside'
        Invoke-ReactorLater 0 -Wait { Write-Verbose 'inside' } 4>&1 | Should -BeNullOrEmpty
        $VerbosePreference = 'Continue'
        try { Invoke-ReactorLater 0 -Wait { Write-Verbose 'by preference' } 4>&1 | ForEach-Object Message | Should -Be 'by preference' }
        finally { $VerbosePreference = 'SilentlyContinue' }
    }

    It '-Debug reaches Write-Debug inside' {
        Invoke-ReactorLater 0 -Wait { Write-Debug 'debugging' } -Debug 5>&1 | ForEach-Object Message | Should -Be 'debugging'
    }

    It '-ErrorAction decides whether an error inside goes on or ends the callback, as where it was written' {
        $out = Invoke-ReactorLater 0 -Wait -ErrorVariable e { Write-Error 'bad'; 'went on' } 2>$null
        $out | Should -Be 'went on'
        $e[0].Exception.Message | Should -Be 'bad'
        $quiet = Invoke-ReactorLater 0 -Wait -ErrorAction SilentlyContinue -ErrorVariable e2 { Write-Error 'bad'; 'went on' }
        $quiet | Should -Be 'went on'
        $e2 | Should -BeNullOrEmpty -Because 'SilentlyContinue inside drops the error as it would outside'
        $thrown = $null
        try { Invoke-ReactorLater 0 -Wait -ErrorAction Stop -OutVariable stopped { Write-Error 'bad'; 'went on' } } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'ReactorCallbackFailed,*'
        $stopped | Should -BeNullOrEmpty -Because 'the callback ended at the error'
    }

    It '-WarningAction SilentlyContinue silences warnings inside' {
        Invoke-ReactorLater 0 -Wait { Write-Warning 'careful' } -WarningAction SilentlyContinue -WarningVariable w
        $w | Should -BeNullOrEmpty
        Invoke-ReactorLater 0 -Wait { Write-Warning 'careful' } -WarningVariable w2 3>$null
        $w2.Message | Should -Be 'careful'
    }

    It 'one callback''s preferences do not leak into the next' {
        Invoke-ReactorLater 0 -Wait -Verbose { } 4>$null
        Invoke-ReactorLater 0 -Wait { $VerbosePreference } | Should -Be 'SilentlyContinue'
    }
}

Describe 'Progress' {
    It 'Measure-PoetryModel draws none when progress is silenced, and closes its bar otherwise' {
        $server = Start-PoetryServer science -Delay 0
        try {
            $ps = [powershell]::Create()
            $null = $ps.AddCommand('Import-Module').AddArgument($ModulePath).AddStatement().
                AddCommand('Measure-PoetryModel').AddParameter('Address', $server.Address).AddParameter('Mode', 'Protocol')
            $null = $ps.Invoke()
            $records = @($ps.Streams.Progress | Where-Object Activity -EQ 'Measure-PoetryModel')
            $records.Count | Should -BeGreaterThan 1
            $records[-1].RecordType | Should -Be 'Completed'
            $ps.Commands.Clear(); $ps.Streams.Progress.Clear()
            $null = $ps.AddCommand('Measure-PoetryModel').AddParameter('Address', $server.Address).AddParameter('Mode', 'Protocol').AddParameter('ProgressAction', 'SilentlyContinue')
            $null = $ps.Invoke()
            @($ps.Streams.Progress | Where-Object Activity -EQ 'Measure-PoetryModel') | Should -BeNullOrEmpty
            $ps.Dispose()
        } finally { $server | Stop-PoetryServer }
    }
}
