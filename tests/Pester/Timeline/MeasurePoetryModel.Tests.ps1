param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Measure-PoetryModel: every client model run once on the same servers, with its tasks, chunks,
# threads, times and completion order. Drawing the measurements is ExportPoetryTimeline.Tests.ps1's;
# stopping a measurement midway is Reliability/Stopping.Tests.ps1's.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    # Three poems of different lengths, 8 bytes every 0.02 s: 13, 3 and 1 chunk(s).
    $texts = [ordered]@{ long = "A long poem that goes on`n" * 4; medium = "Medium, in one line.`n"; short = "Short.`n" }
    $script:Servers = foreach ($name in $texts.Keys) {
        Start-PoetryServer -Path (New-PoemFile -Name $name -Text $texts[$name]) -ChunkSize 8 -Delay 0.02
    }
    $script:Addresses = $Servers | ForEach-Object Address
    $cpuBefore = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
    $script:Measured = $Servers | Measure-PoetryModel
    $script:CpuWindow = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime - $cpuBefore
}

AfterAll {
    Reset-ReactorState
}

Describe 'Measure-PoetryModel' {
    It 'measures every model once, in order, on the servers from the pipeline' {
        $Measured.Mode | Should -Be 'Blocking', 'Threaded', 'Select', 'Reader', 'Protocol'
        foreach ($m in $Measured) {
            $m | Should -BeOfType [PoetryReactor.Core.Timeline.ModelMeasurement]
            $m.PSObject.TypeNames[0] | Should -Be 'PoetryReactor.ModelMeasurement'
            $m.Tasks.TaskNumber | Should -Be 1, 2, 3
            $m.Tasks | ForEach-Object Address | Should -Be $Addresses
            $m.Tasks.Complete | Should -Not -Contain $false
            ($m.Chunks | Measure-Object Bytes -Sum).Sum | Should -Be ($m.Tasks | Measure-Object Bytes -Sum).Sum
            $m.TotalTime | Should -BeGreaterOrEqual ($m.Tasks.End | Sort-Object)[-1].Subtract([timespan]::FromMilliseconds(5))
        }
    }

    It 'sees the threads of each model: one per task when threaded, one otherwise' {
        ($Measured | Where-Object Mode -EQ Threaded).ThreadIds.Count | Should -Be 3
        foreach ($m in $Measured | Where-Object Mode -NE Threaded) { $m.ThreadIds.Count | Should -Be 1 -Because $m.Mode }
        foreach ($m in $Measured) { $m.Chunks.ThreadId | Select-Object -Unique | Sort-Object | Should -Be ($m.ThreadIds | Sort-Object) }
    }

    It 'counts each model''s CPU time within what the process used while it measured' {
        # The models' windows are disjoint and inside the test's, read from the same process
        # counter: their sum cannot exceed the test's, and none is negative (a reversed subtraction).
        $sum = [timespan]::FromTicks(($Measured | ForEach-Object { $_.CpuTime.Ticks } | Measure-Object -Sum).Sum)
        $sum | Should -BeLessOrEqual $CpuWindow
        $Measured | ForEach-Object { $_.CpuTime | Should -BeGreaterOrEqual ([timespan]::Zero) -Because $_.Mode }
    }

    It 'runs the blocking tasks one after another, in address order, the longest first' {
        ($Measured | Where-Object Mode -EQ Blocking).CompletionOrder | Should -Be 1, 2, 3
    }

    It 'runs the other models'' tasks at once, each completing as its server ends the poem' {
        # Invoke-GatedMeasurement fails unless every concurrent model holds all three connections
        # at once; it ends task 3's poem first, then 2's, then 1's.
        $gated = foreach ($n in 1..3) { Start-GatedServer -FirstPart "Gated poem $n,`n" -Rest "ended by the test.`n" }
        try {
            $m = Invoke-GatedMeasurement -Server $gated
            $m.Mode | Should -Be 'Blocking', 'Threaded', 'Select', 'Reader', 'Protocol'
            ($m | Where-Object Mode -EQ Blocking).CompletionOrder | Should -Be 1, 2, 3
            foreach ($model in $m | Where-Object Mode -NE Blocking) {
                $model.CompletionOrder | Should -Be 3, 2, 1 -Because "$($model.Mode) ends each task when its server does"
                $model.Tasks.Complete | Should -Not -Contain $false
            }
        } finally { $gated | Stop-GatedServer }
    }

    It 'measures only the models asked for, and shows them in a table' {
        $m = Measure-PoetryModel $Addresses[2] -Mode Select, Reader
        $m.Mode | Should -Be 'Select', 'Reader'
        $table = $m | Out-String -Width 200
        foreach ($column in 'Mode', 'Seconds', 'CpuSeconds', 'Tasks', 'Chunks', 'Threads', 'CompletionOrder') { $table | Should -Match "\b$column\b" }
    }

    It 'reports faults as Get-Poetry does, per address, and measures the rest' {
        $refused = "127.0.0.1:$(Get-FreePort)"
        $m = Measure-PoetryModel 'not an address', $refused, $Addresses[2] -Mode Protocol -TimeoutSec 5 -ErrorVariable err -ErrorAction SilentlyContinue
        $m.Tasks.Count | Should -Be 2
        ($m.Tasks | Where-Object Address -EQ $refused).Complete | Should -BeFalse
        $err.Count | Should -Be 2
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AddressInvalid,*'
        $err[0].TargetObject | Should -Be 'not an address'
        $err[1].FullyQualifiedErrorId | Should -BeLike 'PoetryConnectionRefused,*'
        $err[1].TargetObject | Should -Be $refused
        $err[1].CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'passes -MaxBytes to the clients: a longer poem is a PoetryTooLarge error and an incomplete task' {
        $m = Measure-PoetryModel $Addresses[0] -Mode Select -MaxBytes 10 -ErrorVariable err -ErrorAction SilentlyContinue
        $err.FullyQualifiedErrorId | Should -BeLike 'PoetryTooLarge,*'
        $err.TargetObject | Should -Be $Addresses[0]
        $m.Tasks[0].Complete | Should -BeFalse
        $m.Tasks[0].Bytes | Should -Be 10
    }
}
