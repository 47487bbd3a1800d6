param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Ctrl+C as a person presses it: an interactive pwsh in a real terminal (tmux), a real SIGINT from
# the terminal, and each cmdlet that waits must give the prompt back within 1 s and leave nothing
# behind. The servers the cmdlets wait on live in this test's own process, so it can see their
# connections come and go.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    $script:SkipReason = if (-not (Get-Command tmux -CommandType Application -ErrorAction Ignore)) { 'tmux is not installed (build.ps1 installs it as root)' }
    $script:Session = "poetry-sigint-$PID"
    $script:Marks = Join-Path $TestDrive 'marks'
    New-Item -ItemType Directory -Path $Marks | Out-Null
    $script:Bound = 1.0

    function Wait-For([scriptblock] $Condition, [string] $Because, [double] $TimeoutSec = 30) {
        # For state with no event to await: a terminal's screen, another process's sockets.
        $watch = [Diagnostics.Stopwatch]::StartNew()
        while (-not (& $Condition)) {
            if ($watch.Elapsed.TotalSeconds -gt $TimeoutSec) {
                $screen = if (Get-Command tmux -ErrorAction Ignore) { ((& tmux capture-pane -p -J -t $Session -S -40) | Where-Object { $_ }) -join "`n" }
                throw "Timed out after $TimeoutSec s waiting for $Because. The terminal ends:`n$screen"
            }
            Start-Sleep -Milliseconds 20
        }
    }
    function Get-Screen { (& tmux capture-pane -p -J -t $Session -S -300) -join "`n" }
    function Send-Line([string] $Text) {
        & tmux send-keys -t $Session -l $Text
        & tmux send-keys -t $Session Enter
    }
    function Wait-Screen([string] $Marker, [double] $TimeoutSec = 30) {
        # A marker is a line of output: at a line's start, or after the blanks of a wrapped line; never
        # the quoted text of the command that prints it.
        Wait-For { (Get-Screen) -match "(?m)(^|\s)$([regex]::Escape($Marker))\s*$" } "'$Marker' on the terminal" $TimeoutSec
    }

    function Stop-Waiting {
        # Presses Ctrl+C, then types a line that prints the time it runs: the prompt is back then.
        # Returns the seconds from the keypress to the prompt.
        $id = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $pressed = [DateTime]::UtcNow.Ticks
        & tmux send-keys -t $Session C-c
        Send-Line "'BACK $id ' + [DateTime]::UtcNow.Ticks"
        $pattern = "(?m)(^|\s)BACK $id (\d+)"
        Wait-For { (Get-Screen) -match $pattern } 'the prompt after Ctrl+C' 30
        ([long] [regex]::Match((Get-Screen), $pattern).Groups[2].Value - $pressed) / 1e7
    }

    $self = [Environment]::ProcessPath
    $pwsh = @($self) + @(if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
    if (-not $SkipReason) {
        & tmux kill-session -t $Session 2>$null
        $command = "env NO_COLOR=1 $($pwsh -join ' ') -NoProfile -NoLogo"
        & tmux new-session -d -s $Session -x 250 -y 50 -c $TestDrive $command
        # Keys typed before the first prompt can be lost while pwsh starts: wait for it.
        Wait-For { (Get-Screen) -match '(?m)^PS .*> *$' } 'the first prompt'
        Send-Line "function prompt { '> ' }; Import-Module '$ModulePath'; `$PSStyle.OutputRendering = 'PlainText'; 'IMPORTED'"
        Wait-Screen 'IMPORTED'
    }
}

AfterAll {
    if (-not $SkipReason) { & tmux kill-session -t $Session 2>$null }
    Get-PoetryServer | Stop-PoetryServer
    Get-ReactorListener | Stop-ReactorListener -CloseConnections
}

Describe 'Ctrl+C in an interactive pwsh' {
    BeforeEach { if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason } }

    It 'Get-Poetry gives the prompt back within 1 s and closes its connection' {
        $slow = Start-PoetryServer ecstasy -Delay 0.5
        Send-Line "Get-Poetry '$($slow.Address)'"
        Wait-For { $slow.ActiveConnections -eq 1 } 'Get-Poetry to connect'
        Stop-Waiting | Should -BeLessThan $Bound
        Wait-For { $slow.ActiveConnections -eq 0 } 'the connection to close' 5
        $slow | Stop-PoetryServer
    }

    It 'Measure-PoetryModel gives the prompt back within 1 s and closes its connections' {
        $slow = Start-PoetryServer ecstasy -Delay 0.5
        Send-Line "Measure-PoetryModel '$($slow.Address)' -Mode Protocol"
        Wait-For { $slow.ActiveConnections -eq 1 } 'Measure-PoetryModel to connect'
        Stop-Waiting | Should -BeLessThan $Bound
        Wait-For { $slow.ActiveConnections -eq 0 } 'the connection to close' 5
        $slow | Stop-PoetryServer
    }

    It 'Connect-ReactorClient gives the prompt back within 1 s and closes its connection' {
        $listener = Start-ReactorListener
        Send-Line "Connect-ReactorClient '$($listener.Address)' -OnConnectionMade { 'CONNECTED' }"
        Wait-Screen 'CONNECTED'
        Stop-Waiting | Should -BeLessThan $Bound
        Wait-For { $listener.Connections -eq 0 } 'the connection to close' 5
        $listener | Stop-ReactorListener
    }

    It 'Invoke-ReactorLater -Wait gives the prompt back within 1 s and cancels its call' {
        Send-Line "Invoke-ReactorLater 0.05 -Repeat -Name ticker -Wait { if (`$_.Count -eq 1) { 'TICKING' } }"
        Wait-Screen 'TICKING'
        Stop-Waiting | Should -BeLessThan $Bound
        Send-Line "'CALLS ' + @(Get-ReactorCall).Count"
        Wait-Screen 'CALLS 0' 10
    }

    It 'Invoke-ReactorWorker gives the prompt back within 1 s and stops its work' {
        Send-Line "Invoke-ReactorWorker { 'WORKING'; Start-Sleep -Seconds 30 }"
        Wait-Screen 'WORKING'
        Stop-Waiting | Should -BeLessThan $Bound
        Send-Line "while ((Get-Reactor).WorkersBusy -gt 0) { Start-Sleep -Milliseconds 20 }; 'WORKERS IDLE'"
        Wait-Screen 'WORKERS IDLE' 10
    }

    It 'Wait-Reactor gives the prompt back within 1 s and leaves the reactor running' {
        Send-Line "Invoke-ReactorLater 0 { 'PUMPING' } | Out-Null; Wait-Reactor"
        Wait-Screen 'PUMPING'
        Stop-Waiting | Should -BeLessThan $Bound
        Send-Line "'STATE ' + (Get-Reactor).State"
        Wait-Screen 'STATE Running' 10
    }

    It 'Export-PoetryTimeline gives the prompt back within 1 s and ends its browser' {
        $bin = Join-Path $TestDrive 'slow-browser'
        New-Item -ItemType Directory -Path $bin -Force | Out-Null
        $browser = Join-Path $bin 'chromium'
        # The browser says which process it is, so no other sleeping process on the machine is taken for it.
        $pidFile = Join-Path $bin 'browser.pid'
        [IO.File]::WriteAllText($browser, "#!/bin/sh`necho `$`$ > '$pidFile'`nexec sleep 300`n")
        & chmod +x $browser
        $fast = Start-PoetryServer science -Delay 0
        Send-Line ("`$m = Measure-PoetryModel '$($fast.Address)' -Mode Protocol; `$env:PATH = '$bin' + [IO.Path]::PathSeparator + `$env:PATH; " +
            "`$m | Export-PoetryTimeline '$TestDrive/t.png'")
        Wait-For { (Test-Path $pidFile) -and (Get-Content $pidFile -ErrorAction Ignore) } 'the browser to start'
        $browserPid = [int] (Get-Content $pidFile)
        Wait-For { (Get-Process -Id $browserPid -ErrorAction Ignore).ProcessName -eq 'sleep' } 'the browser to be running'
        Stop-Waiting | Should -BeLessThan $Bound
        Wait-For { -not (Get-Process -Id $browserPid -ErrorAction Ignore) } 'the browser to end' 5
        $fast | Stop-PoetryServer
    }

    Context 'while a callback holds the reactor' {
        BeforeAll {
            Send-Line "`$onReactor = Start-PoetryServer science; 'SERVER UP'"
            Wait-Screen 'SERVER UP'
        }
        BeforeEach {
            # The callback holds the reactor until the test lets it go (a file), at most 30 s.
            $script:Release = Join-Path $Marks "release-$([guid]::NewGuid().ToString('N'))"
            $script:Held = "$Release.held"
            Send-Line ("Invoke-ReactorLater 0 -ArgumentList '$Held', '$Release' { param(`$held, `$release) " +
                "New-Item `$held | Out-Null; `$w = [Diagnostics.Stopwatch]::StartNew(); " +
                "while (-not (Test-Path `$release) -and `$w.Elapsed.TotalSeconds -lt 30) { Start-Sleep -Milliseconds 20 } } | Out-Null")
            Wait-For { Test-Path $Held } 'the callback to hold the reactor'
        }
        AfterEach {
            New-Item $Release -ErrorAction Ignore | Out-Null
            Send-Line "Receive-ReactorOutput *> `$null; 'RELEASED'"
            Wait-Screen 'RELEASED'
        }

        It 'Get-Reactor gives the prompt back within 1 s' {
            # The marker prints just before the cmdlet starts to wait.
            Send-Line "'WAITING 1'; Get-Reactor"
            Wait-Screen 'WAITING 1'
            Stop-Waiting | Should -BeLessThan $Bound
        }

        It 'Stop-PoetryServer gives the prompt back within 1 s' {
            Send-Line "'WAITING 2'; `$onReactor | Stop-PoetryServer"
            Wait-Screen 'WAITING 2'
            Stop-Waiting | Should -BeLessThan $Bound
        }

        It 'Stop-Reactor gives the prompt back within 1 s; the reactor goes on stopping' {
            Send-Line "'WAITING 3'; Stop-Reactor -TimeoutSec 0"
            Wait-Screen 'WAITING 3'
            Stop-Waiting | Should -BeLessThan $Bound
            New-Item $Release | Out-Null
            Send-Line "while ((Get-Reactor).State -ne 'Stopped') { Start-Sleep -Milliseconds 20 }; 'STOPPED'"
            Wait-Screen 'STOPPED' 30
        }
    }
}
