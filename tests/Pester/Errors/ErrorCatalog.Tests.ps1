param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Every ErrorId of the catalog, raised the way a user meets it, with its category and target checked.
# A few can only be reached from inside the module; the xunit tests of tests/PoetryReactor.Tests raise
# those and are named in $RaisedInUnitTests.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    $script:Raised = [Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
    $script:RaisedInUnitTests = @{
        ReactorFailed     = 'ReactorHostTests.A_loop_that_fails_posts_ReactorFailed_with_the_reactor_as_target_and_ends_the_host'
        ReactorNotRunning = 'ReactorHostTests.After_the_reactor_stops_Invoke_says_it_is_not_running'
        PoetryFetchFailed = 'FetchReportTests.Any_other_failure_is_PoetryFetchFailed_with_the_address_as_target'
        ReactorJobFailed  = 'ReactorJobTests.Work_that_throws_fails_the_job_with_ReactorJobFailed_naming_the_job'
    }

    function Assert-CatalogError {
        # The record has the entry's id, the entry's category (or $Category where a failure narrows it) and $Target.
        param($Record, [string] $Id, $Target, [string] $Category)
        $entry = [PoetryReactor.Errors.ErrorCatalog]::Find($Id)
        $entry | Should -Not -BeNullOrEmpty -Because "$Id is in the catalog"
        $Record | Should -Not -BeNullOrEmpty -Because "$Id was raised"
        $Record = @($Record)[0]
        $Record.FullyQualifiedErrorId -replace ',.*$' | Should -BeExactly $Id
        "$($Record.CategoryInfo.Category)" | Should -Be $(if ($Category) { $Category } else { "$($entry.Category)" })
        $Record.TargetObject | Should -Be $Target
        $Record.ErrorDetails.RecommendedAction | Should -Be $entry.Remedy
        [void] $Raised.Add($Id)
    }

    function Invoke-Quietly([scriptblock] $Command) {
        # Runs $Command and returns the errors it wrote or threw, not its output.
        $records = [Collections.Generic.List[object]]::new()
        try {
            & $Command 2>&1 | ForEach-Object { if ($_ -is [Management.Automation.ErrorRecord]) { $records.Add($_) } }
        } catch {
            $records.Add($_)
        }
        $records.ToArray()
    }

    function New-TestFile([string] $Name, [string] $Text) {
        $path = Join-Path $TestDrive $Name
        [IO.File]::WriteAllText($path, $Text)
        $path
    }

    function Invoke-ChildPwsh([string] $Script, [string[]] $Prefix = @()) {
        # A fresh pwsh (optionally under $Prefix, e.g. ip netns exec), whose output lines are returned.
        $self = [Environment]::ProcessPath
        $exe = @($self) + @(if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
        $all = $Prefix + $exe + @('-NoProfile', '-NonInteractive', '-Command', $Script)
        $out = & $all[0] $all[1..($all.Count - 1)] 2>&1
        $LASTEXITCODE | Should -Be 0 -Because "the child pwsh ran: $out"
        $out
    }
}

AfterAll {
    Get-PoetryServer | Stop-PoetryServer
    Stop-Reactor
}

Describe 'Any cmdlet' {
    It 'PipelineInputInvalid: a process piped to Get-PoetryServer is passed over, not taken for a server id' {
        $server = Start-PoetryServer science
        try {
            $process = Get-Process -Id $PID
            $e = Invoke-Quietly { $process | Get-PoetryServer }
            Assert-CatalogError $e PipelineInputInvalid -Target $process
            $e.Count | Should -Be 1 -Because 'no PoetryServerNotFound follows: the id was never looked up'
        } finally { $server | Stop-PoetryServer }
    }
}

Describe 'The reactor''s errors' {
    AfterEach { Stop-Reactor; Receive-ReactorOutput *> $null }

    It 'ReactorStartFailed: POETRYREACTOR_BACKEND names no backend' {
        $out = Invoke-ChildPwsh "`$env:POETRYREACTOR_BACKEND = 'Teletype'; Import-Module '$ModulePath'
            Start-Reactor -ErrorVariable e -ErrorAction SilentlyContinue
            `$e[0].FullyQualifiedErrorId; `$e[0].CategoryInfo.Category; `$e[0].Exception.Message"
        $out[0] | Should -BeLike 'ReactorStartFailed,*'
        $out[1] | Should -Be 'ResourceUnavailable'
        $out[2] | Should -BeLike "*POETRYREACTOR_BACKEND='Teletype'*"
        [void] $Raised.Add('ReactorStartFailed')
    }

    It 'ReactorBackendMismatch: another backend runs' {
        Start-Reactor -Backend Select | Out-Null
        $e = Invoke-Quietly { Start-Reactor -Backend Epoll }
        Assert-CatalogError $e ReactorBackendMismatch -Target ([PoetryReactor.Core.ReactorBackendKind]::Epoll)
    }

    It 'ReactorBusy: a callback holds the reactor thread past -BusyTimeoutSec' {
        $info = Start-Reactor -BusyTimeoutSec 0.2
        $started = [Threading.ManualResetEventSlim]::new()
        $release = [Threading.ManualResetEventSlim]::new()
        Invoke-ReactorLater 0 -ArgumentList $started, $release { param($s, $r) $s.Set(); $null = $r.Wait(30000) } | Out-Null
        try {
            $started.Wait(30000) | Should -BeTrue
            $e = Invoke-Quietly { Get-Reactor }
            Assert-CatalogError $e ReactorBusy -Target $info.Id
        } finally { $release.Set() }
    }

    It 'ReactorClockMismatch and ReactorClockNotManual: the clock asked for is not the one running' {
        Start-Reactor | Out-Null
        Assert-CatalogError (Invoke-Quietly { Start-Reactor -ManualClock }) ReactorClockMismatch -Target $true
        Assert-CatalogError (Invoke-Quietly { Step-ReactorClock 5 }) ReactorClockNotManual -Target ([double] 5)
        Stop-Reactor
        Assert-CatalogError (Invoke-Quietly { Step-ReactorClock 1 }) ReactorClockNotManual -Target ([double] 1)
    }

    It 'ReactorWorkerQueueFull: more work waits than the pool holds' {
        Start-Reactor -WorkerPoolSize 1 | Out-Null
        $started = [Threading.ManualResetEventSlim]::new()
        $release = [Threading.ManualResetEventSlim]::new()
        try {
            $first = Invoke-ReactorWorker -ArgumentList $started, $release { param($s, $r) $s.Set(); $null = $r.Wait(30000) } -OnComplete { }
            $started.Wait(30000) | Should -BeTrue
            # The pool's queue holds 1,000: work is queued until it refuses, well within 5,000 tries.
            $block = { 'one too many' }
            $queued = 0
            $e = $null
            while (-not $e -and $queued -lt 5000) {
                $e = Invoke-Quietly { Invoke-ReactorWorker $block -OnComplete { } }
                if (-not $e) { $queued++ }
            }
            $queued | Should -Be 1000
            Assert-CatalogError $e ReactorWorkerQueueFull -Target $block
        } finally { $release.Set() }
        $first | Should -Not -BeNullOrEmpty
    }

    It 'ReactorStopTimeout: a shutdown callback outlasts -TimeoutSec' {
        $info = Start-Reactor
        $release = [Threading.ManualResetEventSlim]::new()
        Register-ReactorCallback Shutdown -ArgumentList $release { param($r) $null = $r.Wait(30000) }
        try {
            $e = Invoke-Quietly { Stop-Reactor -TimeoutSec 0.2 }
            Assert-CatalogError $e ReactorStopTimeout -Target $info.Id
        } finally { $release.Set() }
        (Stop-Reactor -PassThru -TimeoutSec 30).State | Should -Be 'Stopped'
    }
}

Describe 'Callback errors' {
    AfterEach { Receive-ReactorOutput *> $null }

    It 'ReactorCallbackFailed: the callback throws; its origin is the target' {
        $e = Invoke-Quietly { Invoke-ReactorLater 0 -Wait { throw 'I fall down.' } }
        # A script's throw is OperationStopped: the record keeps the callback's own category.
        Assert-CatalogError $e ReactorCallbackFailed -Target $e[0].TargetObject -Category OperationStopped
        $e[0].TargetObject | Should -BeLike 'Invoke-ReactorLater -ScriptBlock at *ErrorCatalog.Tests.ps1:*'
    }

    It 'ReactorCallbackInvalid: a $using: variable that is not set' {
        Remove-Variable -Name notSet -ErrorAction Ignore
        $block = { $using:notSet }
        $e = Invoke-Quietly { Invoke-ReactorLater 0 $block }
        Assert-CatalogError $e ReactorCallbackInvalid -Target $block
    }

    It 'ReactorWaitInCallback: Wait-Reactor inside a callback' {
        $record = Invoke-ReactorLater 0 -Wait {
            Wait-Reactor -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0]
        }
        Assert-CatalogError $record ReactorWaitInCallback -Target 'Wait-Reactor'
    }

    It 'ReactorWaitTimeout: -Wait ends at -TimeoutSec and the call goes on' {
        $e = Invoke-Quietly { Invoke-ReactorLater 30 -Wait -TimeoutSec 0.1 { } }
        Assert-CatalogError $e ReactorWaitTimeout -Target $e[0].TargetObject
        $e[0].TargetObject.State | Should -Be 'Pending'
        $e[0].TargetObject | Stop-ReactorCall
    }

    It 'ReactorCallNotFound and ReactorCallbackNotFound: nothing has that id or name' {
        Assert-CatalogError (Invoke-Quietly { Get-ReactorCall -Id 987654 }) ReactorCallNotFound -Target 987654
        Assert-CatalogError (Invoke-Quietly { Stop-ReactorCall -Name 'no such call' }) ReactorCallNotFound -Target 'no such call'
        Assert-CatalogError (Invoke-Quietly { Get-ReactorCallback -Name 'no such callback' }) ReactorCallbackNotFound -Target 'no such callback'
        Assert-CatalogError (Invoke-Quietly { Unregister-ReactorCallback -Id 987654 }) ReactorCallbackNotFound -Target 987654
    }

    It 'ReactorIntervalTooShort: a repeating call with no interval' {
        $e = Invoke-Quietly { Invoke-ReactorLater 0 -Repeat { } }
        Assert-CatalogError $e ReactorIntervalTooShort -Target ([double] 0)
    }
}

Describe 'Listener and connection errors' {
    It 'AddressInvalid: the text is not an address (Get-Poetry and Connect-ReactorClient alike)' {
        Assert-CatalogError (Invoke-Quietly { Get-Poetry 'poetry.example:port' }) AddressInvalid -Target 'poetry.example:port'
        Assert-CatalogError (Invoke-Quietly { Connect-ReactorClient '1:2:3' -OnConnectionMade { } }) AddressInvalid -Target '1:2:3'
    }

    It 'InterfaceInvalid: not an address of this machine, or not an address (both server cmdlets alike)' {
        Assert-CatalogError (Invoke-Quietly { Start-PoetryServer science -Interface 'poetry.example' }) InterfaceInvalid -Target 'poetry.example'
        Assert-CatalogError (Invoke-Quietly { Start-ReactorListener -Interface 'poetry.example' }) InterfaceInvalid -Target 'poetry.example'
    }

    It 'PortInUse: the port is taken (both server cmdlets alike)' {
        $taken = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $taken.Start()
        try {
            $port = $taken.LocalEndpoint.Port
            Assert-CatalogError (Invoke-Quietly { Start-PoetryServer science -Port $port }) PortInUse -Target "127.0.0.1:$port"
            Assert-CatalogError (Invoke-Quietly { Start-ReactorListener -Port $port }) PortInUse -Target "127.0.0.1:$port"
        } finally { $taken.Stop() }
    }

    It 'ListenFailed: a link-local address without a scope cannot be bound' {
        $e = Invoke-Quietly { Start-ReactorListener -Interface 'fe80::1' }
        Assert-CatalogError $e ListenFailed -Target '[fe80::1]:0'
    }

    It 'ReactorListenerNotFound: no listener on that port' {
        Assert-CatalogError (Invoke-Quietly { Stop-ReactorListener -Port 1 }) ReactorListenerNotFound -Target 1
    }

    It 'ReactorConnectionNotFound: no open connection with that id or name' {
        Assert-CatalogError (Invoke-Quietly { Get-ReactorConnection -Id 987654 }) ReactorConnectionNotFound -Target 987654
        Assert-CatalogError (Invoke-Quietly { Disconnect-ReactorConnection -Name 'no such connection' }) ReactorConnectionNotFound -Target 'no such connection'
    }

    It 'ReactorLineTooLong: a line outgrows -MaxLineLength; the connection is closed' {
        $lost = [Threading.ManualResetEventSlim]::new()
        $listener = Start-ReactorListener -OnLineReceived { } -MaxLineLength 16 -ArgumentList $lost -OnConnectionLost { param($l) $l.Set() }
        try {
            $client = [Net.Sockets.TcpClient]::new('127.0.0.1', $listener.Port)
            $stream = $client.GetStream()
            $bytes = [Text.Encoding]::ASCII.GetBytes('x' * 64)
            $stream.Write($bytes, 0, $bytes.Length)
            $lost.Wait(30000) | Should -BeTrue -Because 'the listener closes the connection'
            $client.Close()
            $e = Receive-ReactorOutput 2>&1 | Where-Object { $_ -is [Management.Automation.ErrorRecord] }
            Assert-CatalogError $e ReactorLineTooLong -Target $e[0].TargetObject
            $e[0].TargetObject | Should -Match '^127\.0\.0\.1:\d+$'
        } finally { $listener | Stop-ReactorListener -CloseConnections }
    }

    It 'ReactorConnectFailed: nothing listens' {
        $e = Invoke-Quietly { Connect-ReactorClient 127.0.0.1:1 -OnConnectionMade { } }
        Assert-CatalogError $e ReactorConnectFailed -Target '127.0.0.1:1'
    }
}

Describe 'Poetry fetch errors' {
    BeforeAll {
        $script:Silent = Start-ReactorListener            # accepts and never writes
        $script:Resetting = Start-ReactorListener -OnConnectionMade { $_.Transport.Write('half a'); $_.Transport.AbortConnection() }
        $script:Science = Start-PoetryServer science -Delay 0
    }
    AfterAll {
        $Silent, $Resetting | Stop-ReactorListener -CloseConnections
        $Science | Stop-PoetryServer
        Receive-ReactorOutput *> $null
    }

    It 'PoetryHostNotFound' {
        Assert-CatalogError (Invoke-Quietly { Get-Poetry 'no-such-host.invalid:9' -TimeoutSec 5 }) PoetryHostNotFound -Target 'no-such-host.invalid:9'
    }

    It 'PoetryConnectionRefused' {
        Assert-CatalogError (Invoke-Quietly { Get-Poetry 127.0.0.1:1 }) PoetryConnectionRefused -Target '127.0.0.1:1'
    }

    It 'PoetryTimeout' {
        Assert-CatalogError (Invoke-Quietly { Get-Poetry $Silent.Address -TimeoutSec 0.3 }) PoetryTimeout -Target $Silent.Address
    }

    It 'PoetryTooLarge' {
        Assert-CatalogError (Invoke-Quietly { Get-Poetry $Science.Address -MaxBytes 10 }) PoetryTooLarge -Target $Science.Address
    }

    It 'PoetryConnectionLost' {
        Assert-CatalogError (Invoke-Quietly { Get-Poetry $Resetting.Address }) PoetryConnectionLost -Target $Resetting.Address
    }

    It 'PoetryHostUnreachable and PoetrySocketError, in a network namespace with no network' {
        if (-not ((id -u) -eq '0' -and (Get-Command ip -ErrorAction Ignore))) { Set-ItResult -Skipped -Because 'making a network namespace needs root and ip(8)' }
        $ns = "pr-errors-$PID"
        & ip netns add $ns
        try {
            # The loopback is down: IPv4 has no route; ::1 is not an address of the namespace at all.
            $out = Invoke-ChildPwsh -Prefix 'ip', 'netns', 'exec', $ns "Import-Module '$ModulePath'
                Get-Poetry 127.0.0.1:9, '[::1]:9' -ErrorVariable e -ErrorAction SilentlyContinue
                `$e | ForEach-Object { '{0}|{1}|{2}' -f `$_.FullyQualifiedErrorId, `$_.CategoryInfo.Category, `$_.TargetObject }"
        } finally { & ip netns del $ns }
        $out | Should -Contain 'PoetryHostUnreachable,PoetryReactor.Commands.GetPoetryCommand|ConnectionError|127.0.0.1:9'
        $out | Should -Contain 'PoetrySocketError,PoetryReactor.Commands.GetPoetryCommand|ConnectionError|[::1]:9'
        [void] $Raised.Add('PoetryHostUnreachable')
        [void] $Raised.Add('PoetrySocketError')
    }
}

Describe 'Poetry server and poem errors' {
    It 'PoetryPoemNotFound: no shipped poem has that name' {
        Assert-CatalogError (Invoke-Quietly { Start-PoetryServer 'no-such-poem' }) PoetryPoemNotFound -Target 'no-such-poem'
    }

    It 'PoetryFileNotFound and PoetryFileInvalid: a missing file, and a folder' {
        $missing = Join-Path $TestDrive 'missing.txt'
        Assert-CatalogError (Invoke-Quietly { Start-PoetryServer -Path $missing }) PoetryFileNotFound -Target $missing
        Assert-CatalogError (Invoke-Quietly { Start-PoetryServer -Path $TestDrive }) PoetryFileInvalid -Target ([string] $TestDrive)
    }

    It 'WorkersNotSupported: -Workers with -Blocking, before any server starts' {
        $e = Invoke-Quietly { Start-PoetryServer science, lanterns -Blocking -Workers 2 }
        Assert-CatalogError $e WorkersNotSupported -Target 2
        $e.Count | Should -Be 1
        Get-PoetryServer | Should -BeNullOrEmpty
    }

    It 'PoetryEmpty: nothing to serve' {
        $empty = New-TestFile 'empty.txt' ''
        Assert-CatalogError (Invoke-Quietly { Start-PoetryServer -Path $empty }) PoetryEmpty -Target $empty
    }

    It 'PoetryServerNotFound: no server with that id' {
        Assert-CatalogError (Invoke-Quietly { Get-PoetryServer -Id 987654 }) PoetryServerNotFound -Target 987654
        Assert-CatalogError (Invoke-Quietly { Stop-PoetryServer -Port 1 }) PoetryServerNotFound -Target 1
    }

    It 'PoetryServerStopFailed: its reactor does not take up the stop in time' {
        Start-Reactor -BusyTimeoutSec 0.2 | Out-Null
        $server = Start-PoetryServer science
        $started = [Threading.ManualResetEventSlim]::new()
        $release = [Threading.ManualResetEventSlim]::new()
        Invoke-ReactorLater 0 -ArgumentList $started, $release { param($s, $r) $s.Set(); $null = $r.Wait(30000) } | Out-Null
        try {
            $started.Wait(30000) | Should -BeTrue
            Assert-CatalogError (Invoke-Quietly { $server | Stop-PoetryServer }) PoetryServerStopFailed -Target $server
        } finally { $release.Set() }
        Stop-Reactor
    }

    It 'PoetryPoemFolderMissing: an installation without its poems' {
        $copy = Join-Path $TestDrive 'broken/PoetryReactor'
        New-Item -ItemType Directory -Path $copy | Out-Null
        Get-ChildItem (Split-Path $ModulePath) | Where-Object Name -NE 'poems' | Copy-Item -Destination $copy -Recurse
        $out = Invoke-ChildPwsh "Import-Module '$copy/PoetryReactor.psd1'
            try { Get-PoetryPoem } catch { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category; `$_.TargetObject }"
        $out[0] | Should -BeLike 'PoetryPoemFolderMissing,*'
        $out[1] | Should -Be 'ObjectNotFound'
        $out[2] | Should -Be (Join-Path $copy 'poems')
        [void] $Raised.Add('PoetryPoemFolderMissing')
    }
}

Describe 'Timeline errors' {
    BeforeAll {
        $script:Measured = [PoetryReactor.Core.Timeline.ModelMeasurement[]] @()
        $server = Start-PoetryServer science -Delay 0
        $script:Measured = Measure-PoetryModel $server.Address -Mode Protocol
        $server | Stop-PoetryServer
    }

    It 'TimelinePathInvalid, TimelineFolderNotFound and TimelineFileExists: where the file would go' {
        $txt = Join-Path $TestDrive 'timeline.txt'
        Assert-CatalogError (Invoke-Quietly { $Measured | Export-PoetryTimeline $txt }) TimelinePathInvalid -Target $txt
        $nowhere = Join-Path $TestDrive 'no/such/folder/t.svg'
        Assert-CatalogError (Invoke-Quietly { $Measured | Export-PoetryTimeline $nowhere }) TimelineFolderNotFound -Target $nowhere
        $exists = New-TestFile 'exists.svg' 'keep me'
        Assert-CatalogError (Invoke-Quietly { $Measured | Export-PoetryTimeline $exists -NoClobber }) TimelineFileExists -Target $exists
        Get-Content -Raw $exists | Should -Be 'keep me'
    }

    It 'TimelineInputInvalid and TimelineInputMissing: nothing it can draw' {
        $path = Join-Path $TestDrive 'none.svg'
        $e = Invoke-Quietly { 42 | Export-PoetryTimeline $path }
        Assert-CatalogError ($e | Where-Object { $_.FullyQualifiedErrorId -like 'TimelineInputInvalid,*' }) TimelineInputInvalid -Target 42
        Assert-CatalogError ($e | Where-Object { $_.FullyQualifiedErrorId -like 'TimelineInputMissing,*' }) TimelineInputMissing -Target $null
        Test-Path $path | Should -BeFalse
    }

    It 'TimelineWriteFailed: the path is a folder' {
        $folder = Join-Path $TestDrive 'folder.svg'
        New-Item -ItemType Directory -Path $folder | Out-Null
        Assert-CatalogError (Invoke-Quietly { $Measured | Export-PoetryTimeline $folder }) TimelineWriteFailed -Target $folder
    }

    It 'TimelineRendererNotFound and TimelineRenderFailed: no Chromium, and a Chromium that fails' {
        $png = Join-Path $TestDrive 't.png'
        $bin = Join-Path $TestDrive 'bin'
        New-Item -ItemType Directory -Path $bin | Out-Null
        $fake = New-TestFile 'bin/chromium' "#!/bin/sh`necho 'no display for you' >&2`nexit 3`n"
        & chmod +x $fake
        $path = $env:PATH
        try {
            $env:PATH = $TestDrive
            Assert-CatalogError (Invoke-Quietly { $Measured | Export-PoetryTimeline $png }) TimelineRendererNotFound -Target $png
            $env:PATH = $bin
            $e = Invoke-Quietly { $Measured | Export-PoetryTimeline $png }
            Assert-CatalogError $e TimelineRenderFailed -Target $png
            $e[0].Exception.Message | Should -BeLike '*exited with 3*no display for you*'
        } finally { $env:PATH = $path }
    }
}

Describe 'The catalog' {
    It 'every ErrorId is raised by a test here or, where only the module can reach it, by a named unit test' {
        $all = [PoetryReactor.Errors.ErrorCatalog]::All.Id
        $missing = $all | Where-Object { -not $Raised.Contains($_) -and -not $RaisedInUnitTests.ContainsKey($_) }
        $missing | Should -BeNullOrEmpty -Because 'each ErrorId needs a test that raises it'
        $RaisedInUnitTests.Keys | Where-Object { $_ -notin $all } | Should -BeNullOrEmpty
    }

    It 'about_PoetryReactor_Errors lists every ErrorId with its category, meaning and remedy, and no other' {
        $topic = Get-Content -Raw (Join-Path (Split-Path $ModulePath) 'en-US/about_PoetryReactor_Errors.help.txt')
        $listed = [regex]::Matches($topic, '(?m)^    ([A-Z][A-Za-z]+)\r?\n    Category: ') | ForEach-Object { $_.Groups[1].Value }
        $listed | Should -Be ([PoetryReactor.Errors.ErrorCatalog]::All.Id)
        $flat = $topic -replace '\s+', ' '
        foreach ($entry in [PoetryReactor.Errors.ErrorCatalog]::All) {
            $flat | Should -Match ([regex]::Escape("Category: $($entry.Category). $($entry.Meaning -replace '\s+', ' ')"))
            $flat | Should -Match ([regex]::Escape("What to do: $($entry.Remedy -replace '\s+', ' ')"))
        }
    }

    It 'no ErrorId is written as a string anywhere in the sources but the catalog' {
        $src = Join-Path $PSScriptRoot '../../../src'
        $ids = [PoetryReactor.Errors.ErrorCatalog]::All.Id
        $found = Get-ChildItem $src -Recurse -Filter *.cs | Where-Object { $_.FullName -notmatch '[/\\](obj|bin)[/\\]' -and $_.Name -ne 'ErrorCatalog.cs' } |
            Select-String -Pattern ('"(' + ($ids -join '|') + ')"') -CaseSensitive
        $found | ForEach-Object { "$($_.Path):$($_.LineNumber)" } | Should -BeNullOrEmpty
    }

    It 'Get-Help shows the topic' {
        (Get-Help about_PoetryReactor_Errors | Out-String) | Should -Match 'ERROR IDS'
    }
}
