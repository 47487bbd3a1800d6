param([string] $ModulePath = (Join-Path $PSScriptRoot '../out/PoetryReactor/PoetryReactor.psd1'))

BeforeDiscovery {
    $script:HasChromium = [bool] (Get-Command chromium, chromium-browser, google-chrome, google-chrome-stable, chrome -CommandType Application -ErrorAction Ignore)
}

BeforeAll {
    Import-Module $ModulePath
    . (Join-Path $PSScriptRoot 'PoetryTestHelpers.ps1')
    # Three poems of different lengths, 8 bytes every 0.02 s: 12, 5 and 1 chunk(s).
    $texts = [ordered]@{ long = "A long poem that goes on`n" * 4; medium = "Medium, in one line.`n"; short = "Short.`n" }
    $script:Servers = foreach ($name in $texts.Keys) {
        Start-PoetryServer -Path (New-PoemFile -Name $name -Text $texts[$name]) -ChunkSize 8 -Delay 0.02
    }
    $script:Addresses = $Servers | ForEach-Object Address
    $script:Measured = $Servers | Measure-PoetryModel
    $script:Svg = Join-Path $TestDrive 'models.svg'
    $script:File = $Measured | Export-PoetryTimeline -Path $Svg -PassThru
    $script:Doc = [xml] (Get-Content -Raw $Svg)

    function Get-Lane([string] $Mode, [string] $Class = 'task-lane') {
        $Doc.SelectNodes("//*[local-name()='g'][@class='$Class'][@data-mode='$Mode']")
    }
    function Get-Span($Lane) {
        [pscustomobject]@{ Start = [double]::Parse($Lane.'data-start', [cultureinfo]::InvariantCulture); End = [double]::Parse($Lane.'data-end', [cultureinfo]::InvariantCulture) }
    }
}

AfterAll {
    Stop-PoetryServer -All
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
            $m.CpuTime | Should -BeGreaterOrEqual ([timespan]::Zero)
        }
    }

    It 'sees the threads of each model: one per task when threaded, one otherwise' {
        ($Measured | Where-Object Mode -EQ Threaded).ThreadIds.Count | Should -Be 3
        foreach ($m in $Measured | Where-Object Mode -NE Threaded) { $m.ThreadIds.Count | Should -Be 1 -Because $m.Mode }
        foreach ($m in $Measured) { $m.Chunks.ThreadId | Select-Object -Unique | Sort-Object | Should -Be ($m.ThreadIds | Sort-Object) }
    }

    It 'runs the blocking tasks one after another and the others at once, shortest first' {
        ($Measured | Where-Object Mode -EQ Blocking).CompletionOrder | Should -Be 1, 2, 3
        ($Measured | Where-Object Mode -EQ Protocol).CompletionOrder | Should -Be 3, 2, 1
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
}

Describe 'Stopping Measure-PoetryModel' {
    BeforeAll {
        # Slow enough that no poem completes while the test runs: 240 bytes, 8 bytes a second.
        $script:Slow = 1..2 | ForEach-Object {
            Start-PoetryServer -Path (New-PoemFile -Name "slow$_" -Text ('slow poem line ' * 16)) -ChunkSize 8 -Delay 1
        }
        $script:SlowPorts = $Slow.Port
    }
    AfterAll { $Slow | Stop-PoetryServer }

    It 'PowerShell.Stop() in the middle of a model ends it at once and closes every socket' {
        Get-ClientSocketCount -Port $SlowPorts | Should -Be 0
        $parameters = @{ Address = [string[]]($Slow | ForEach-Object Address); Mode = 'Threaded' }
        $stop = Stop-Midway -ModulePath $ModulePath -Command Measure-PoetryModel -Parameters $parameters -Port $SlowPorts -Expected 2
        $stop.Seconds | Should -BeLessThan 5
        $stop.State | Should -Be 'Stopped'
        $stop.SocketsLeft | Should -Be 0
    }

    It 'Select-Object -First 1 ends it after the first model' {
        $first = Measure-PoetryModel $Addresses[2] -Mode Select, Protocol | Select-Object -First 1
        $first.Mode | Should -Be 'Select'
        $first.Tasks.Count | Should -Be 1
    }

    It 'passes -MaxBytes to the clients: a longer poem is a PoetryTooLarge error and an incomplete task' {
        $m = Measure-PoetryModel $Addresses[0] -Mode Select -MaxBytes 10 -ErrorVariable err -ErrorAction SilentlyContinue
        $err.FullyQualifiedErrorId | Should -BeLike 'PoetryTooLarge,*'
        $err.TargetObject | Should -Be $Addresses[0]
        $m.Tasks[0].Complete | Should -BeFalse
        $m.Tasks[0].Bytes | Should -Be 10
    }
}

Describe 'Export-PoetryTimeline' {
    It 'writes a valid SVG and returns its file with -PassThru' {
        $File.FullName | Should -Be $Svg
        $File.Length | Should -BeGreaterThan 0
        $Doc.DocumentElement.LocalName | Should -Be 'svg'
        $Doc.DocumentElement.NamespaceURI | Should -Be 'http://www.w3.org/2000/svg'
    }

    It 'draws one lane per task and a mark per chunk for <_>' -TestCases @('Blocking', 'Threaded', 'Select', 'Reader', 'Protocol') {
        $m = $Measured | Where-Object Mode -EQ $_
        $lanes = Get-Lane $_
        $lanes.Count | Should -Be 3
        $lanes.'data-task' | Should -Be '1', '2', '3'
        foreach ($lane in $lanes) {
            $task = [int] $lane.'data-task'
            $lane.SelectNodes("*[@class='chunk']").Count | Should -Be @($m.Chunks | Where-Object TaskNumber -EQ $task).Count
        }
        $Doc.SelectNodes("//*[@class='model'][@data-mode='$_']//*[@class='chunk']").Count | Should -Be $m.Chunks.Count
        (Get-Lane $_ 'thread-lane').Count | Should -Be $m.ThreadIds.Count
    }

    It 'shows the blocking lanes one after another and the asynchronous lanes overlapping' {
        $blocking = Get-Lane Blocking | ForEach-Object { Get-Span $_ } | Sort-Object Start
        for ($i = 1; $i -lt $blocking.Count; $i++) { $blocking[$i].Start | Should -BeGreaterOrEqual $blocking[$i - 1].End }
        $protocol = Get-Lane Protocol | ForEach-Object { Get-Span $_ } | Sort-Object Start
        $protocol[1].Start | Should -BeLessThan $protocol[0].End
        $protocol[2].Start | Should -BeLessThan $protocol[1].End
    }

    It 'draws Get-Poetry -IncludeChunk output: a lane per poem and a mark per chunk event' {
        $out = Get-Poetry $Addresses -Mode Select -IncludeChunk
        $chunks = @($out | Where-Object { $_ -is [PoetryReactor.Core.Poetry.Clients.ChunkEvent] })
        $path = Join-Path $TestDrive 'get-poetry.svg'
        $out | Export-PoetryTimeline -Path $path
        $doc = [xml] (Get-Content -Raw $path)
        $doc.SelectNodes("//*[@class='task-lane'][@data-mode='Select']").Count | Should -Be 3
        $doc.SelectNodes("//*[@class='chunk']").Count | Should -Be $chunks.Count
        $doc.SelectNodes("//*[@class='model']").Count | Should -Be 1
    }

    It 'renders a PNG with Chromium' -Skip:(-not $HasChromium) {
        $png = Join-Path $TestDrive 'models.png'
        $file = $Measured | Export-PoetryTimeline -Path $png -PassThru
        $file.FullName | Should -Be $png
        $bytes = [IO.File]::ReadAllBytes($png)
        $bytes[0..7] | Should -Be 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A
        $bytes.Length | Should -BeGreaterThan 10000
    }

    It 'says so when no Chromium is on the PATH for a PNG' {
        $path = $env:PATH
        try {
            $env:PATH = $TestDrive
            { $Measured | Export-PoetryTimeline -Path (Join-Path $TestDrive 'none.png') -ErrorAction Stop } |
                Should -Throw -ErrorId 'TimelineRendererNotFound,PoetryReactor.Commands.ExportPoetryTimelineCommand'
        } finally { $env:PATH = $path }
        Join-Path $TestDrive 'none.png' | Should -Not -Exist
    }

    It 'reports a Chromium that fails, with what it said' -Skip:$IsWindows {
        $bin = Join-Path $TestDrive 'fake-bin'
        $null = New-Item -ItemType Directory $bin
        $fake = Join-Path $bin 'chromium'
        [IO.File]::WriteAllText($fake, "#!/bin/sh`necho 'no display for you' >&2`nexit 3`n")
        & chmod +x $fake
        $path = $env:PATH
        try {
            $env:PATH = $bin
            $err = { $Measured | Export-PoetryTimeline -Path (Join-Path $TestDrive 'broken.png') } | Should -Throw -PassThru
        } finally { $env:PATH = $path }
        $err.FullyQualifiedErrorId | Should -BeLike 'TimelineRenderFailed,*'
        $err.CategoryInfo.Category | Should -Be 'WriteError'
        $err.Exception.Message | Should -Match 'exited with 3'
        $err.Exception.Message | Should -Match 'no display for you'
    }

    It 'refuses a path that is not .svg or .png, or whose folder is missing' {
        $err = { $Measured | Export-PoetryTimeline -Path (Join-Path $TestDrive 'timeline.txt') } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'TimelinePathInvalid,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -BeLike '*timeline.txt'
        $err = { $Measured | Export-PoetryTimeline -Path (Join-Path $TestDrive 'no/such/folder.svg') } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'TimelineFolderNotFound,*'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'reports input it cannot draw, and draws the rest' {
        $path = Join-Path $TestDrive 'mixed.svg'
        'a string', $Measured[0] | Export-PoetryTimeline -Path $path -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TimelineInputInvalid,*'
        $err[0].TargetObject | Should -Be 'a string'
        ([xml] (Get-Content -Raw $path)).SelectNodes("//*[@class='model']").Count | Should -Be 1
        'only text' | Export-PoetryTimeline -Path (Join-Path $TestDrive 'empty.svg') -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2.FullyQualifiedErrorId | Should -Contain 'TimelineInputMissing,PoetryReactor.Commands.ExportPoetryTimelineCommand'
        Join-Path $TestDrive 'empty.svg' | Should -Not -Exist
    }
}

Describe 'The README''s timeline' {
    It 'the README''s "See the models" block runs as written and writes the SVG it names' {
        $readme = Get-Content -Raw (Join-Path $PSScriptRoot '../README.md')
        $section = $readme.Substring($readme.IndexOf('## See the models'))
        $code = [regex]::Match($section, '(?ms)^```powershell\r?\n(?<code>.*?)^```').Groups['code'].Value
        $code | Should -Match 'Export-PoetryTimeline'
        $svg = Join-Path ([IO.Path]::GetTempPath()) 'timeline.svg'
        Remove-Item $svg -ErrorAction Ignore
        $before = @(Get-PoetryServer).Count
        Push-Location (Join-Path $PSScriptRoot '..')
        try {
            $ErrorActionPreference = 'Stop'
            $out = & ([scriptblock]::Create($code))
        } finally { Pop-Location }
        @(Get-PoetryServer).Count | Should -Be $before
        ($out | Where-Object { $_ -is [IO.FileInfo] }).FullName | Should -Be $svg
        ([xml] (Get-Content -Raw $svg)).SelectNodes("//*[@class='task-lane']").Count | Should -Be 15
        Remove-Item $svg
    }
}
