param([string] $ModulePath = (Join-Path $PSScriptRoot '../out/PoetryReactor/PoetryReactor.psd1'))

BeforeAll {
    Import-Module $ModulePath
    . (Join-Path $PSScriptRoot 'PoetryTestHelpers.ps1')
    $script:AllModes = 'Protocol', 'Reader', 'Select', 'Threaded', 'Blocking'
    $script:Utf8 = [Text.UTF8Encoding]::new($false)
    # Three poems of very different lengths, served 8 bytes every 0.02 s: 2, 8 and 24 chunks.
    $script:Texts = [ordered]@{
        long   = "The long one, café and 月, goes on`n" * 5 + "and on.`n"
        medium = "A medium poem, naïve,`nin two lines.`n"
        short  = "Short.`n"
    }
    $script:Servers = foreach ($name in $Texts.Keys) {
        Start-PoetryServer -Path (New-PoemFile -Name $name -Text $Texts[$name]) -ChunkSize 8 -Delay 0.02
    }
    # Not $Servers.Address: arrays have an Address() method, which wins over member enumeration.
    $script:Addresses = $Servers | ForEach-Object Address   # longest first
}

AfterAll {
    Stop-PoetryServer -All
}

Describe 'Get-Poetry' {
    It 'returns the served bytes exactly in <Mode> mode' -TestCases @(
        foreach ($m in 'Protocol', 'Reader', 'Select', 'Threaded', 'Blocking') { @{ Mode = $m } }
    ) {
        $poems = Get-Poetry $Addresses -Mode $Mode
        $poems.Count | Should -Be 3
        foreach ($poem in $poems) {
            $name = ($Servers | Where-Object Address -EQ $poem.Address).Name
            $poem.Text | Should -BeExactly $Texts[$name]
            $poem.Bytes | Should -Be $Utf8.GetByteCount($Texts[$name])
            $poem.Complete | Should -BeTrue
            $poem.Mode | Should -Be $Mode
            $poem.PSObject.TypeNames[0] | Should -Be 'PoetryReactor.Poem'
            $poem | Should -BeOfType [PoetryReactor.Core.Poetry.Clients.Poem]
        }
    }

    It 'completes in address order in Blocking mode' {
        (Get-Poetry $Addresses -Mode Blocking).TaskNumber | Should -Be 1, 2, 3
    }

    It 'writes poems in completion order, shortest first, in <Mode> mode' -TestCases @(
        foreach ($m in 'Protocol', 'Reader', 'Select', 'Threaded') { @{ Mode = $m } }
    ) {
        $poems = Get-Poetry $Addresses -Mode $Mode
        $poems.TaskNumber | Should -Be 3, 2, 1
        $ends = $poems.EndTime
        ($ends | Sort-Object) | Should -Be $ends
    }

    It 'streams: the first poem reaches the pipeline before the slowest completes (<Mode>)' -TestCases @(
        @{ Mode = 'Protocol' }, @{ Mode = 'Threaded' }
    ) {
        $arrivals = Get-Poetry $Addresses -Mode $Mode | ForEach-Object { [pscustomobject]@{ Poem = $_; At = [DateTimeOffset]::UtcNow } }
        $slowest = ($arrivals.Poem | Sort-Object EndTime)[-1]
        $arrivals[0].At | Should -BeLessThan $slowest.EndTime
    }

    It 'takes addresses from server objects in the pipeline' {
        $Servers | Get-Poetry | ForEach-Object Address | Sort-Object | Should -Be ($Addresses | Sort-Object)
    }

    It 'logs the tutorial''s lines with -Verbose' {
        $verbose = Get-Poetry $Addresses[2] -Mode Select -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        $verbose.Message | Should -Contain "Task 1: got 7 bytes of poetry from $($Addresses[2])"
    }

    It 'emits chunk events with -IncludeChunk, adding up to the poem' {
        $out = Get-Poetry $Addresses[1] -IncludeChunk
        $chunks = $out | Where-Object { $_ -is [PoetryReactor.Core.Poetry.Clients.ChunkEvent] }
        $poem = $out | Where-Object { $_ -is [PoetryReactor.Core.Poetry.Clients.Poem] }
        $chunks.Count | Should -Be $poem.Chunks
        ($chunks | Measure-Object Bytes -Sum).Sum | Should -Be $poem.Bytes
        $out[-1] | Should -Be $poem
    }

    It 'writes a bar per task under an overall bar, and completes them all' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($ModulePath).AddStatement()
            $null = $ps.AddCommand('Get-Poetry').AddParameter('Address', $Addresses).AddParameter('Mode', 'Select')
            $poems = $ps.Invoke()
            $poems.Count | Should -Be 3
            $progress = $ps.Streams.Progress
            $overall = $progress | Where-Object ParentActivityId -EQ -1
            $tasks = $progress | Where-Object ParentActivityId -NE -1
            @($overall.ActivityId | Select-Object -Unique).Count | Should -Be 1
            $tasks.ParentActivityId | Select-Object -Unique | Should -Be $overall[0].ActivityId
            @($tasks.ActivityId | Select-Object -Unique).Count | Should -Be 3
            $overall[-1].RecordType | Should -Be 'Completed'
            foreach ($id in $tasks.ActivityId | Select-Object -Unique) {
                ($tasks | Where-Object ActivityId -EQ $id)[-1].RecordType | Should -Be 'Completed'
            }
            ($overall | Where-Object RecordType -EQ 'Processing').StatusDescription | Should -Contain '3 of 3 poems'
        } finally { $ps.Dispose() }
    }

    It 'makes no progress records when progress is silenced, and a bounded number otherwise' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($ModulePath).AddStatement()
            $null = $ps.AddCommand('Get-Poetry').AddParameter('Address', $Addresses).AddParameter('Mode', 'Protocol').AddParameter('ProgressAction', 'SilentlyContinue')
            $ps.Invoke().Count | Should -Be 3
            $ps.Streams.Progress.Count | Should -Be 0
        } finally { $ps.Dispose() }
        $fast = Start-PoetryServer -Poem science -Delay 0
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($ModulePath).AddStatement()
            $null = $ps.AddCommand('Get-Poetry').AddParameter('Address', @($fast.Address) * 200)
            $ps.Invoke().Count | Should -Be 200
            # Per task at most an opening and a closing record; the overall bar is throttled.
            $ps.Streams.Progress.Count | Should -BeLessOrEqual (2 * 200 + 50)
            ($ps.Streams.Progress | Where-Object ParentActivityId -EQ -1)[-1].RecordType | Should -Be 'Completed'
        } finally { $ps.Dispose(); $fast | Stop-PoetryServer }
    }

    It 'renders the table view, and Format-List shows the whole text' {
        $poem = Get-Poetry $Addresses[1]
        $table = $poem | Out-String -Width 200
        foreach ($column in 'TaskNumber', 'Address', 'Bytes', 'Chunks', 'Elapsed', 'FirstLine') { $table | Should -Match "\b$column\b" }
        $table | Should -Match 'A medium poem, naïve,'
        $table | Should -Not -Match 'in two lines'
        $poem | Format-List | Out-String -Width 200 | Should -Match '(?s)A medium poem, naïve,.*in two lines\.'
    }
}

Describe 'Get-Poetry faults' {
    It 'reports each fault with its ErrorId and the address, and the good poem still arrives' {
        $silent = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)   # accepts (backlog), never writes
        $silent.Start()
        $half = $Utf8.GetBytes('half a poem, then a reset')
        $python = Start-PythonProgram -Code $PythonServer -Arguments ([Convert]::ToHexString($half)), 'reset'
        try {
            $resetAddress = "127.0.0.1:$(Read-PythonLine $python)"
            $refused = "127.0.0.1:$(Get-FreePort)"
            $timeout = "127.0.0.1:$($silent.LocalEndpoint.Port)"
            $big = $Addresses[0]
            $addresses = 'not an address', $refused, $timeout, 'nonexistent.invalid:10000', $resetAddress, $big, $Addresses[2]
            $out = Get-Poetry $addresses -TimeoutSec 1 -MaxBytes 100 -IncludeChunk -ErrorVariable err -ErrorAction SilentlyContinue |
                ForEach-Object {
                    # The client has read the first half: now the python server resets.
                    if ($_ -is [PoetryReactor.Core.Poetry.Clients.ChunkEvent] -and $_.Address -eq $resetAddress) { $python.StandardInput.WriteLine('reset') }
                    $_
                }
            $poems = $out | Where-Object { $_ -is [PoetryReactor.Core.Poetry.Clients.Poem] }
            $ids = @{}
            foreach ($e in $err) { $ids[$e.FullyQualifiedErrorId.Split(',')[0]] = $e }
            $ids.Keys | Sort-Object | Should -Be (
                'AddressInvalid', 'PoetryConnectionLost', 'PoetryConnectionRefused', 'PoetryHostNotFound', 'PoetryTimeout', 'PoetryTooLarge' | Sort-Object)
            $ids.AddressInvalid.TargetObject | Should -Be 'not an address'
            $ids.PoetryConnectionRefused.TargetObject | Should -Be $refused
            $ids.PoetryConnectionRefused.CategoryInfo.Category | Should -Be 'ConnectionError'
            $ids.PoetryTimeout.TargetObject | Should -Be $timeout
            $ids.PoetryTimeout.CategoryInfo.Category | Should -Be 'OperationTimeout'
            $ids.PoetryHostNotFound.TargetObject | Should -Be 'nonexistent.invalid:10000'
            $ids.PoetryTooLarge.TargetObject | Should -Be $big
            $ids.PoetryConnectionLost.TargetObject | Should -Be $resetAddress

            ($poems | Where-Object Complete).Text | Should -BeExactly $Texts.short
            $partial = $poems | Where-Object { -not $_.Complete } | Sort-Object Address
            ($partial | Where-Object Address -EQ $big).Bytes | Should -Be 100
            $sent = $half[0..([int][math]::Floor($half.Length / 2) - 1)]
            ($partial | Where-Object Address -EQ $resetAddress).GetBytes() | Should -Be $sent
            @($poems).Count | Should -Be 3 -Because 'tasks that got no bytes write only their error'
        } finally {
            $silent.Stop()
            if (-not $python.HasExited) { $python.Kill() }
            $python.Dispose()
        }
    }
}

Describe 'Stopping Get-Poetry' {
    BeforeAll {
        # Slow enough that no poem completes while the test runs: 240 bytes, 8 bytes a second.
        $script:Slow = 1..3 | ForEach-Object {
            Start-PoetryServer -Path (New-PoemFile -Name "slow$_" -Text ('slow poem line ' * 16)) -ChunkSize 8 -Delay 1
        }
        $script:SlowPorts = $Slow.Port
        $script:SlowAddresses = $Slow | ForEach-Object Address
    }
    AfterAll { $Slow | Stop-PoetryServer }

    It 'PowerShell.Stop() ends it at once and closes every socket (<Mode>)' -TestCases @(
        foreach ($m in 'Protocol', 'Reader', 'Select', 'Threaded', 'Blocking') { @{ Mode = $m } }
    ) {
        Get-ClientSocketCount -Port $SlowPorts | Should -Be 0
        $expected = if ($Mode -eq 'Blocking') { 1 } else { 3 }
        $stop = Stop-Midway -ModulePath $ModulePath -Command Get-Poetry -Parameters @{ Address = $SlowAddresses; Mode = $Mode } -Port $SlowPorts -Expected $expected
        $stop.Seconds | Should -BeLessThan 5
        $stop.State | Should -Be 'Stopped'
        $stop.SocketsLeft | Should -Be 0
    }

    It 'Select-Object -First 1 ends it after the first poem and closes every socket' {
        $quick = Start-PoetryServer -Path (New-PoemFile -Name 'quick' -Text "quick`n") -Delay 0
        try {
            $first = Get-Poetry ($SlowAddresses + $quick.Address) | Select-Object -First 1
            $first.Address | Should -Be $quick.Address
            Get-ClientSocketCount -Port $SlowPorts | Should -Be 0
        } finally { $quick | Stop-PoetryServer }
    }
}
