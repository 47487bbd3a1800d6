param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Export-PoetryTimeline: measurements drawn as SVG (or PNG through Chromium), one lane per task
# and a mark per chunk. The measurements come from gated servers, so the lanes of the concurrent
# models overlap by construction, not by timing.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    $script:HasChromium = [bool] (Get-Command chromium, chromium-browser, google-chrome, google-chrome-stable, chrome -CommandType Application -ErrorAction Ignore)
    $script:Gated = foreach ($n in 1..3) { Start-GatedServer -FirstPart "Gated poem $n, its first line,`n" -Rest ("and more lines to draw,`n" * $n) }
    $script:Measured = Invoke-GatedMeasurement -Server $Gated
    $script:Svg = Join-Path $TestDrive 'models.svg'
    $script:File = $Measured | Export-PoetryTimeline -Path $Svg -PassThru
    $script:Doc = [xml] (Get-Content -Raw $Svg)
    # For Get-Poetry's own output: three plain servers, 8 bytes every 0.02 s.
    $script:Addresses = foreach ($text in ("A long poem that goes on`n" * 4), "Medium, in one line.`n", "Short.`n") {
        (Start-PoetryServer -Path (New-PoemFile -Name "plain$($text.Length)" -Text $text) -ChunkSize 8 -Delay 0.02).Address
    }
}

AfterAll {
    $Gated | Stop-GatedServer
    Reset-ReactorState
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
        $lanes = Get-TimelineLane $Doc $_
        $lanes.Count | Should -Be 3
        $lanes.'data-task' | Should -Be '1', '2', '3'
        foreach ($lane in $lanes) {
            $task = [int] $lane.'data-task'
            $lane.SelectNodes("*[@class='chunk']").Count | Should -Be @($m.Chunks | Where-Object TaskNumber -EQ $task).Count
        }
        $Doc.SelectNodes("//*[@class='model'][@data-mode='$_']//*[@class='chunk']").Count | Should -Be $m.Chunks.Count
        (Get-TimelineLane $Doc $_ 'thread-lane').Count | Should -Be $m.ThreadIds.Count
    }

    It 'shows the blocking lanes one after another and the asynchronous lanes overlapping' {
        $blocking = Get-TimelineLane $Doc Blocking | Get-LaneSpan | Sort-Object Start
        for ($i = 1; $i -lt $blocking.Count; $i++) { $blocking[$i].Start | Should -BeGreaterOrEqual $blocking[$i - 1].End }
        $protocol = Get-TimelineLane $Doc Protocol | Get-LaneSpan | Sort-Object Start
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

    It 'renders a PNG with Chromium' {
        if (-not $HasChromium) { Set-ItResult -Skipped -Because 'no Chromium is on the PATH' }
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

    It 'reports a Chromium that fails, with what it said' {
        if ($IsWindows) { Set-ItResult -Skipped -Because 'the fake Chromium is a POSIX shell script' }
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
