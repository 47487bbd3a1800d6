param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# The checks Examples.Tests.ps1 applies to every example, held to what they must catch: a wrong
# number in the output, output missing, an example that hangs, fails or leaves a server behind.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    Import-Module (Join-Path $PSScriptRoot 'ExampleRunner.psm1')

    $script:PoemTable = @'

TaskNumber Address                  Bytes Chunks   Elapsed FirstLine
---------- -------                  ----- ------   ------- ---------
         2 127.0.0.1:43149            222     23   0.135 s Science, Slowly
         3 127.0.0.1:41125            748     75   0.472 s Lanterns on the Quay (Lanternes sur le quai)
         1 127.0.0.1:34151           2398    240   1.508 s Ecstasy of the Small Hours

'@
    function Get-PrintedTable([string] $Bytes = '2398', [string] $Chunks = '9', [string] $ThirdTask = '1', [string] $ThirdHost = '127.0.0.1') {
        # The same fetch as $PoemTable on another run: other ports, times, reads and widths.
        @(
            ''
            'TaskNumber Address           Bytes Chunks    Elapsed FirstLine'
            '---------- -------           ----- ------    ------- ---------'
            '         2 127.0.0.1:5001      222      1    0.111 s Science, Slowly'
            '         3 127.0.0.1:40007     748     75    0.371 s Lanterns on the Quay (Lanternes sur le quai)'
            "         $ThirdTask $("${ThirdHost}:33889".PadRight(17)) $($Bytes.PadLeft(5)) $($Chunks.PadLeft(6))   12.196 s Ecstasy of the Small Hours"
            ''
        )
    }
}

AfterAll {
    Reset-ReactorState
    Close-ExampleRunspace
}

Describe 'Compare-ExampleOutput' {
    It 'passes a table whose ports, times, read counts and column widths differ' {
        Compare-ExampleOutput -Expected $PoemTable -Actual (Get-PrintedTable) | Should -BeNullOrEmpty
    }

    It 'fails on a byte count that differs: Bytes 0 against Bytes 2398' {
        $diff = Compare-ExampleOutput -Expected $PoemTable -Actual (Get-PrintedTable -Bytes '0')
        $diff | Should -BeLike "*record 4 differs*Bytes=2398*Bytes=0*"
        $diff | Should -BeLike '*It printed:*127.0.0.1:33889*' -Because 'the message carries the printed output, ready to paste'
    }

    It 'fails on a task number that differs, that is on another order' {
        Compare-ExampleOutput -Expected $PoemTable -Actual (Get-PrintedTable -ThirdTask '4') | Should -BeLike '*TaskNumber=1*TaskNumber=4*'
    }

    It 'fails on a host that differs, though the port is masked' {
        Compare-ExampleOutput -Expected $PoemTable -Actual (Get-PrintedTable -ThirdHost '10.0.0.1') | Should -BeLike '*Address=127.0.0.1:<port>*Address=10.0.0.1:<port>*'
    }

    It 'fails on an empty cell in a masked column where the page shows a number' {
        Compare-ExampleOutput -Expected $PoemTable -Actual (Get-PrintedTable -Chunks '') | Should -BeLike '*Chunks~9*Chunks~;*'
    }

    It 'fails on a row missing, and on a row too many' {
        $printed = Get-PrintedTable
        Compare-ExampleOutput -Expected $PoemTable -Actual $printed[0..4] | Should -BeLike "*record 4 differs*the example printed nothing more*"
        Compare-ExampleOutput -Expected $PoemTable -Actual ($printed + $printed[5]) | Should -BeLike "*the page shows nothing more*"
    }

    It 'fails when the example printed nothing' {
        Compare-ExampleOutput -Expected $PoemTable -Actual @() | Should -BeLike '*record 1 differs*printed nothing more*'
    }

    It 'compares the numbers of a plain line, with the port and the seconds masked' {
        Compare-ExampleOutput -Expected '7 lines of poetry from 127.0.0.1:40213' -Actual '7 lines of poetry from 127.0.0.1:9' | Should -BeNullOrEmpty
        Compare-ExampleOutput -Expected '7 lines of poetry from 127.0.0.1:40213' -Actual '6 lines of poetry from 127.0.0.1:40213' | Should -Not -BeNullOrEmpty
        Compare-ExampleOutput -Expected 'Blocking   0.515 s  tasks in completion order: 1, 2' -Actual 'Blocking   1.203 s  tasks in completion order: 1, 2' |
            Should -BeNullOrEmpty
        Compare-ExampleOutput -Expected 'Blocking   0.515 s  tasks in completion order: 1, 2' -Actual 'Blocking   0.515 s  tasks in completion order: 2, 1' |
            Should -Not -BeNullOrEmpty
        Compare-ExampleOutput -Expected 'an hour has passed: 3600 s' -Actual 'an hour has passed: 3599 s' | Should -Not -BeNullOrEmpty -Because 'whole seconds are not a measured time'
    }

    It 'masks times of day and time spans, not the numbers beside them' {
        $shown = '02:34:33.276 Sending 10 bytes of poetry to 127.0.0.1:49284'
        Compare-ExampleOutput -Expected $shown -Actual '23:01:09.5 Sending 10 bytes of poetry to 127.0.0.1:1' | Should -BeNullOrEmpty
        Compare-ExampleOutput -Expected $shown -Actual '02:34:33.276 Sending 12 bytes of poetry to 127.0.0.1:49284' | Should -Not -BeNullOrEmpty
    }

    It 'compares list fields by name: the varying ones by shape, the others exactly' {
        $shown = "`nPendingCalls : 0`nMaxLag       : 00:00:00.0090202`nId           : 24`n"
        Compare-ExampleOutput -Expected $shown -Actual 'PendingCalls : 0', 'MaxLag : 00:00:01.5', 'Id : 3' | Should -BeNullOrEmpty
        Compare-ExampleOutput -Expected $shown -Actual 'PendingCalls : 1', 'MaxLag : 00:00:01.5', 'Id : 3' | Should -BeLike '*PendingCalls : 0*PendingCalls : 1*'
        Compare-ExampleOutput -Expected $shown -Actual 'PendingCalls : 0', 'MaxLag : 00:00:01.5', 'Id : ' | Should -BeLike '*Id ~ 9*Id ~*'
    }

    It 'reads a value of several words as one cell, whatever the widths' {
        $shown = "Name       When     State`n----       ----     -----`nsave state Shutdown Registered"
        $printed = 'Name           When      State', '----           ----      -----', 'save state Shutdown Registered'
        Compare-ExampleOutput -Expected $shown -Actual $printed | Should -BeNullOrEmpty
        Compare-ExampleOutput -Expected $shown -Actual ($printed[0], $printed[1], 'save stats Shutdown Registered') | Should -BeLike '*Name=save state*Name=save stats*'
    }

    It 'ends a table at a line that crosses its columns, as a string written after its objects does' {
        $shown = "TaskNumber Address         Bytes`n---------- -------         -----`n         2 127.0.0.1:34969   222`nnot an address -> AddressInvalid"
        $printed = 'TaskNumber Address        Bytes', '---------- -------        -----', '         2 127.0.0.1:5000   222', 'not an address -> AddressInvalid'
        Compare-ExampleOutput -Expected $shown -Actual $printed | Should -BeNullOrEmpty
        @(ConvertTo-ComparableOutput $printed)[-1] | Should -Be 'not an address -> AddressInvalid'
        Compare-ExampleOutput -Expected $shown -Actual ($printed[0..2] + 'not an address -> PoetryTimeout') | Should -BeLike '*AddressInvalid*PoetryTimeout*'
    }

    It 'compares the column names of a table' {
        $printed = (Get-PrintedTable) -replace 'FirstLine', 'FirstWord' -replace '---------$', '---------'
        Compare-ExampleOutput -Expected $PoemTable -Actual $printed | Should -BeLike '*columns:*FirstLine*columns:*FirstWord*'
    }
}

Describe 'Assert-ExampleRuns' {
    It 'passes an example that prints what its page shows' {
        Assert-ExampleRuns -Code "'{0} bytes' -f (Get-PoetryPoem science).Bytes" -Output '222 bytes'
    }

    It 'fails an example that prints other numbers than its page shows' {
        { Assert-ExampleRuns -Code "'{0} bytes' -f (Get-PoetryPoem science).Bytes" -Output '2398 bytes' } | Should -Throw '*record 1 differs*'
    }

    It 'fails an example that prints nothing where its page shows output' {
        { Assert-ExampleRuns -Code '$null = Get-PoetryPoem' -Output 'science' } | Should -Throw '*printed nothing more*'
    }

    It 'fails a page whose output block is empty' {
        { Assert-ExampleRuns -Code '$null = Get-PoetryPoem' -Output '' } | Should -Throw '*an output block shows what the example prints*'
    }

    It 'fails an example that does not finish in time, and stops it' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        { Assert-ExampleRuns -Code 'Start-Sleep -Seconds 20; "done"' -Output 'done' -TimeoutSec 1 } | Should -Throw '*finishes within 1 s*'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 15 -Because 'the example is stopped, not waited for'
        Assert-ExampleRuns -Code '"next"' -Output 'next'
    }

    It 'fails an example that writes an error' {
        { Assert-ExampleRuns -Code 'Get-PoetryPoem -Name nothing-like-this' -Output $null } | Should -Throw '*PoemNotFound*'
    }

    It 'fails an example that leaves a server running, and stops it' {
        { Assert-ExampleRuns -Code '$null = Start-PoetryServer science' -Output $null } | Should -Throw '*stops the servers and listeners it starts*'
        @(Get-PoetryServer).Count | Should -Be 0
    }

    It 'runs each example without what an earlier one defined' {
        Assert-ExampleRuns -Code '$earlier = 1; function Get-Earlier { 1 }; $null = New-Event -SourceIdentifier earlier' -Output $null
        Assert-ExampleRuns -Code '"[$earlier] [$(Test-Path function:Get-Earlier)] [$(@(Get-Event).Count)]"' -Output '[] [False] [0]'
    }
}
