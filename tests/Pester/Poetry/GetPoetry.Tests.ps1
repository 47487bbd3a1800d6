param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Get-Poetry against the module's own servers: the bytes in every client model, the order poems
# come in, pipeline input, verbose and progress records, chunk events and the views.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
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
    Reset-ReactorState
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

    It 'completes in address order in Blocking mode, the longest poem first' {
        (Get-Poetry $Addresses -Mode Blocking).TaskNumber | Should -Be 1, 2, 3
    }

    It 'writes each poem as it completes, in completion order, in <Mode> mode' -TestCases @(
        foreach ($m in 'Protocol', 'Reader', 'Select', 'Threaded') { @{ Mode = $m } }
    ) {
        # The order is the test's, not the scheduler's: each gated server holds its last line until
        # let go. Task 3 is let go once every task has its first line (all three fetched at once),
        # task 2 once poem 3 has reached this pipeline, task 1 once poem 2 has. A client that
        # held its poems back would never see poem 2 complete, and would time out instead.
        $gated = foreach ($n in 1..3) { Start-GatedServer -FirstPart "Gated poem $n, first line,`n" -Rest "and the last line of poem $n.`n" }
        try {
            $started = @{}
            $poems = Get-Poetry ($gated | ForEach-Object Address) -Mode $Mode -IncludeChunk -TimeoutSec 20 | ForEach-Object {
                if ($_ -is [PoetryReactor.Core.Poetry.Clients.ChunkEvent]) {
                    if ($started.Count -lt 3) {
                        $started[$_.TaskNumber] = $true
                        if ($started.Count -eq 3) { Open-Gate $gated[2] }
                    }
                    return
                }
                $_
                if ($_.TaskNumber -gt 1) { Open-Gate $gated[$_.TaskNumber - 2] }
            }
            $poems.TaskNumber | Should -Be 3, 2, 1
            $poems.Complete | Should -Be $true, $true, $true
            foreach ($poem in $poems) { $poem.Text | Should -BeExactly $gated[$poem.TaskNumber - 1].Text }
            $ends = $poems.EndTime
            ($ends | Sort-Object) | Should -Be $ends
        } finally { $gated | Stop-GatedServer }
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
