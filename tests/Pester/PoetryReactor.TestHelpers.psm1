# Helpers for every Pester file under tests/Pester. Each test file imports this module after the
# module under test:
#
#   Import-Module $ModulePath
#   Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
#
# One helper for each idea. Waits await a signal where there is one; Wait-Until polls only state
# that raises no event. Everything is bounded.

#region Waiting, paths, the module under test

function Wait-Until {
    # Polls a condition until it holds; fails the test past the bound. For state with no event to wait on.
    param([Parameter(Mandatory)] [scriptblock] $Condition, [double] $TimeoutSec = 15, [string] $Because = 'the condition')
    $deadline = [Diagnostics.Stopwatch]::StartNew()
    while (-not (& $Condition)) {
        if ($deadline.Elapsed.TotalSeconds -gt $TimeoutSec) { throw "Timed out after $TimeoutSec s waiting for $Because." }
        Start-Sleep -Milliseconds 20
    }
}

function Get-RepositoryRoot {
    # The repository's root folder, so tests name docs/ and README.md as the repository does.
    (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
}

function Get-TestedModulePath {
    # The manifest of the PoetryReactor module this session imported, for runspaces and processes
    # that must load the same build.
    $module = Get-Module PoetryReactor | Select-Object -First 1
    if (-not $module) { throw 'Import the PoetryReactor module under test before using this helper.' }
    Join-Path $module.ModuleBase 'PoetryReactor.psd1'
}

function Reset-ReactorState {
    # Leaves nothing behind for the next test or example: servers, listeners and the reactor stopped,
    # and the event queue (which outlives a reactor) emptied of what late callbacks wrote. The module's
    # state is one per process, so this also cleans up after other runspaces.
    Stop-PoetryServer -All
    Get-ReactorListener | Stop-ReactorListener -CloseConnections
    Stop-Reactor -ErrorAction Ignore
    Receive-ReactorOutput *> $null
}

#endregion

#region Sockets and ports

function Get-FreePort {
    # A port nothing listens on: bound, read, released.
    $l = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $l.Start(); $port = $l.LocalEndpoint.Port; $l.Stop()
    $port
}

function Test-PortFree {
    # True when the loopback port can be bound now: whatever listened there has let it go.
    param([Parameter(Mandatory)] [int] $Port)
    $l = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, $Port)
    try { $l.Start(); $true }
    catch [Net.Sockets.SocketException] { $false }
    finally { $l.Stop() }
}

function Test-Listening {
    # True when something accepts connections on the loopback port. Unlike Test-PortFree, a socket
    # of an ended connection lingering in TIME_WAIT does not count.
    param([Parameter(Mandatory)] [int] $Port)
    $c = [Net.Sockets.TcpClient]::new()
    try { $c.Connect([Net.IPAddress]::Loopback, $Port); $true }
    catch [Net.Sockets.SocketException] { if ($_.Exception.SocketErrorCode -ne 'ConnectionRefused') { throw }; $false }
    finally { $c.Dispose() }
}

function Get-SocketInode {
    # The inodes of this process's sockets, from /proc/$PID/fd.
    foreach ($fd in [IO.Directory]::GetFiles("/proc/$PID/fd")) {
        try { $target = [IO.FileInfo]::new($fd).LinkTarget } catch { continue }
        if ($target -match '^socket:\[(\d+)\]$') { $Matches[1] }
    }
}

function Get-ClientSocketCount {
    # How many of this process's TCP sockets are connected to one of $Port (client side), per /proc.
    # A closed socket raises no event, so tests poll this.
    param([Parameter(Mandatory)] [int[]] $Port)
    $mine = [Collections.Generic.HashSet[string]]::new([string[]]@(Get-SocketInode))
    $count = 0
    foreach ($table in "/proc/$PID/net/tcp", "/proc/$PID/net/tcp6") {
        if (-not (Test-Path $table)) { continue }
        foreach ($line in (Get-Content $table | Select-Object -Skip 1)) {
            $f = -split $line
            $remotePort = [Convert]::ToInt32($f[2].Split(':')[1], 16)
            if ($remotePort -in $Port -and $mine.Contains($f[9])) { $count++ }
        }
    }
    $count
}

function Invoke-RawExchange {
    # A raw TcpClient: connects, sends each message and reads its echo (so messages do not merge into
    # one read), then reads until $Expect bytes came or the server closed. Bounded by socket timeouts.
    param([Parameter(Mandatory)] [int] $Port, [string[]] $Messages = @(), [int] $Expect = 0)
    $utf8 = [Text.UTF8Encoding]::new($false)
    $client = [Net.Sockets.TcpClient]::new('127.0.0.1', $Port)
    try {
        $stream = $client.GetStream()
        $stream.ReadTimeout = 20000
        $received = [IO.MemoryStream]::new()
        $buffer = [byte[]]::new(4096)
        foreach ($m in $Messages) {
            $bytes = $utf8.GetBytes($m)
            $stream.Write($bytes, 0, $bytes.Length)
            $goal = $received.Length + $bytes.Length
            while ($received.Length -lt $goal) {
                $n = $stream.Read($buffer, 0, $buffer.Length)
                if ($n -eq 0) { break }
                $received.Write($buffer, 0, $n)
            }
        }
        while ($received.Length -lt $Expect) {
            $n = $stream.Read($buffer, 0, $buffer.Length)
            if ($n -eq 0) { break }
            $received.Write($buffer, 0, $n)
        }
        $utf8.GetString($received.ToArray())
    }
    finally { $client.Dispose() }
}

#endregion

#region Poetry servers made for a test

function New-PoemFile {
    # Writes $Text as UTF-8 (no BOM) to a new file in TestDrive and returns its path.
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [AllowEmptyString()] [string] $Text)
    $path = Join-Path $TestDrive "$Name.txt"
    [IO.File]::WriteAllBytes($path, [Text.UTF8Encoding]::new($false).GetBytes($Text))
    $path
}

function Start-CorePoetryServer {
    # The core's blocking poetry server on a free loopback port, serving $Poem exactly, $ChunkSize bytes
    # every 5 ms; for tests of clients that must not depend on the module's own servers. Stop() ends it.
    param([Parameter(Mandatory)] [byte[]] $Poem, [int] $ChunkSize = 5)
    $options = [PoetryReactor.Core.Poetry.Servers.PoetryServerOptions]::new()
    $options.PoemBytes = $Poem
    $options.ChunkSize = $ChunkSize
    $options.Delay = [timespan]::FromMilliseconds(5)
    $server = [PoetryReactor.Core.Poetry.Servers.BlockingPoetryServer]::new($options)
    $server.Start()
    $server
}

function Start-GatedServer {
    # A poetry server that sends $FirstPart to each client at once and the rest only when Open-Gate
    # says so. Which poem completes first is then decided by the test, not by timing, so tests of
    # completion order hold however loaded the machine is. Held keeps the clients waiting; Arrived
    # is released once per client, for Wait-GateClient.
    param([Parameter(Mandatory)] [string] $FirstPart, [Parameter(Mandatory)] [string] $Rest)
    $gate = [pscustomobject]@{
        Held    = [Collections.Concurrent.ConcurrentQueue[object]]::new()
        Arrived = [Threading.SemaphoreSlim]::new(0)
        Rest    = $Rest
    }
    $listener = Start-ReactorListener -Port 0 -ArgumentList $gate, $FirstPart -OnConnectionMade {
        param($gate, $first)
        $_.Transport.Write($first)
        $gate.Held.Enqueue($_.Transport)
        $null = $gate.Arrived.Release()
    }
    [pscustomobject]@{
        Address  = $listener.Address
        Port     = $listener.Port
        Text     = $FirstPart + $Rest
        Gate     = $gate
        Listener = $listener
    }
}

function Wait-GateClient {
    # Awaits the next client of a gated server; fails the test past the bound.
    param([Parameter(Mandatory, Position = 0)] [psobject] $Server, [double] $TimeoutSec = 30, [string] $Because = "a client of $($Server.Address)")
    if (-not $Server.Gate.Arrived.Wait([timespan]::FromSeconds($TimeoutSec))) { throw "Timed out after $TimeoutSec s waiting for $Because." }
}

function Open-Gate {
    # Lets every client a gated server holds have the rest of its poem, then closes them (end of poem).
    param([Parameter(Mandatory, ValueFromPipeline)] [psobject] $Server)
    process {
        Invoke-ReactorLater 0 -Wait -TimeoutSec 30 -ArgumentList $Server.Gate {
            param($gate)
            $transport = $null
            while ($gate.Held.TryDequeue([ref] $transport)) {
                $transport.Write($gate.Rest)
                $transport.LoseConnection()
            }
        }
    }
}

function Stop-GatedServer {
    # Stops gated servers and closes the clients they still hold.
    param([Parameter(Mandatory, ValueFromPipeline)] [psobject] $Server)
    process { $Server.Listener | Stop-ReactorListener -CloseConnections }
}

function Invoke-GatedMeasurement {
    # Measure-PoetryModel on gated servers, with the poems let go so that the completion order is
    # known by construction: in the Blocking model each server is opened once it holds its client
    # (tasks end 1, 2, 3); in the other models, once every server holds a client at the same time,
    # the last server is opened first and each earlier one only after the client has closed the
    # socket of the one after it, so it has seen that poem end (tasks end 3, 2, 1). Returns the
    # measurements.
    param(
        [Parameter(Mandatory)] [psobject[]] $Server,
        [ValidateSet('Blocking', 'Threaded', 'Select', 'Reader', 'Protocol')]
        [string[]] $Mode = @('Blocking', 'Threaded', 'Select', 'Reader', 'Protocol')
    )
    # Not $Server.Address: arrays have an Address() method, which wins over member enumeration.
    $run = Start-StoppableCommand -ArgumentList @([string[]] ($Server | ForEach-Object Address)), $Mode {
        param($address, $mode)
        Measure-PoetryModel -Address $address -Mode $mode -TimeoutSec 30
    }
    try {
        foreach ($m in $Mode) {
            if ($m -eq 'Blocking') {
                for ($k = 0; $k -lt $Server.Count; $k++) {
                    Wait-GateClient $Server[$k] -Because "the Blocking model to connect to task $($k + 1)"
                    $early = @($Server | Select-Object -Skip ($k + 1) | Where-Object { $_.Gate.Held.Count -gt 0 })
                    if ($early) { throw "The Blocking model connected to $($early[0].Address) before task $($k + 1) ended." }
                    Open-Gate $Server[$k]
                }
                continue
            }
            foreach ($s in $Server) { Wait-GateClient $s -Because "the $m model to connect to $($s.Address) while holding the others" }
            for ($k = $Server.Count - 1; $k -ge 0; $k--) {
                Open-Gate $Server[$k]
                if ($k -gt 0) {
                    # A closed socket raises no event here: poll.
                    $port = $Server[$k].Port
                    Wait-Until { (Get-ClientSocketCount -Port $port) -eq 0 } -TimeoutSec 30 -Because "the $m client to close task $($k + 1)"
                }
            }
        }
        if (-not (Wait-StoppableCommand $run -TimeoutSec 60)) { throw 'Measure-PoetryModel did not finish within 60 s.' }
        $errors = @($run.PowerShell.Streams.Error) + @($run.PowerShell.InvocationStateInfo.Reason | Where-Object { $_ })
        if ($errors) { throw "Measure-PoetryModel failed: $($errors -join '; ')" }
        @($run.Output)
    }
    finally { Remove-StoppableCommand $run }
}

#endregion

#region Commands a test stops midway, and child processes

function Start-StoppableCommand {
    # Runs $ScriptBlock in a new PowerShell of this process with the module under test imported, as a
    # console runs a command line, so a test can read its output live and stop it as Ctrl+C does.
    # Wait-StoppableOutput, Stop-StoppableCommand, Wait-StoppableCommand and Remove-StoppableCommand
    # take the object it returns.
    param([Parameter(Mandatory, Position = 0)] [scriptblock] $ScriptBlock, [object[]] $ArgumentList = @())
    $ps = [powershell]::Create()
    # Import first, then one statement: a stopped multi-statement BeginInvoke may still queue its next
    # statement after the runspace is closed, which crashes the process.
    $null = $ps.AddCommand('Import-Module').AddArgument((Get-TestedModulePath)).Invoke()
    $ps.Commands.Clear()
    $null = $ps.AddScript($ScriptBlock.ToString())
    foreach ($a in $ArgumentList) { $null = $ps.AddArgument($a) }
    $output = [Management.Automation.PSDataCollection[psobject]]::new()
    $source = "PoetryReactor.TestHelpers.Output.$([guid]::NewGuid())"
    $null = Register-ObjectEvent -InputObject $output -EventName DataAdded -SourceIdentifier $source
    $handle = $ps.BeginInvoke([Management.Automation.PSDataCollection[psobject]]::new(), $output)
    [pscustomobject]@{ PowerShell = $ps; Handle = $handle; Output = $output; Source = $source }
}

function Wait-StoppableOutput {
    # Awaits the command's output (its DataAdded event) until it holds $Count objects; fails the test
    # past the bound, or at once if the command ended with fewer.
    param([Parameter(Mandatory, Position = 0)] [psobject] $Run, [int] $Count = 1, [double] $TimeoutSec = 30,
        [string] $Because = "$Count output object(s)")
    $watch = [Diagnostics.Stopwatch]::StartNew()
    # Count, not enumeration: enumerating an open PSDataCollection blocks until it closes.
    while ($Run.Output.Count -lt $Count) {
        if ($Run.Handle.IsCompleted -and $Run.Output.Count -lt $Count) {
            throw "The command ended before $Because ($($Run.Output.Count) object(s); errors: $($Run.PowerShell.Streams.Error -join '; '))."
        }
        $left = $TimeoutSec - $watch.Elapsed.TotalSeconds
        if ($left -le 0) { throw "Timed out after $TimeoutSec s waiting for $Because." }
        # A 1 s slice so that a command ending without output is noticed too.
        $null = Wait-Event -SourceIdentifier $Run.Source -Timeout ([math]::Min(1, [math]::Ceiling($left)))
        Remove-Event -SourceIdentifier $Run.Source -ErrorAction Ignore
    }
}

function Stop-StoppableCommand {
    # Ctrl+C: PowerShell.Stop(), which is what Ctrl+C calls. Says how long the stop took and the
    # state it left.
    param([Parameter(Mandatory, Position = 0)] [psobject] $Run)
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $Run.PowerShell.Stop()
    [pscustomobject]@{ Seconds = $watch.Elapsed.TotalSeconds; State = $Run.PowerShell.InvocationStateInfo.State }
}

function Wait-StoppableCommand {
    # Awaits the command's end; true if it ended within the bound.
    param([Parameter(Mandatory, Position = 0)] [psobject] $Run, [double] $TimeoutSec = 30)
    $Run.Handle.AsyncWaitHandle.WaitOne([timespan]::FromSeconds($TimeoutSec))
}

function Remove-StoppableCommand {
    # Releases the command's PowerShell and its event subscription.
    param([Parameter(Mandatory, Position = 0)] [psobject] $Run)
    Unregister-Event -SourceIdentifier $Run.Source -ErrorAction Ignore
    Remove-Event -SourceIdentifier $Run.Source -ErrorAction Ignore
    $Run.PowerShell.Dispose()
}

function Get-PwshCommand {
    # The command line that starts a fresh pwsh like this one: `dotnet pwsh.dll` under the repo-local
    # tool, the pwsh executable otherwise.
    $self = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { return @($self, (Join-Path $PSHOME 'pwsh.dll')) }
    @($self)
}

function Invoke-ChildPwsh {
    # Runs $Command in a fresh pwsh like this one and returns its output lines.
    param([Parameter(Mandatory)] [string] $Command, [int] $TimeoutSec = 60)
    $pwsh = @(Get-PwshCommand)
    $psi = [Diagnostics.ProcessStartInfo]::new($pwsh[0])
    foreach ($a in @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $Command)) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $p = [Diagnostics.Process]::Start($psi)
    try {
        $out = $p.StandardOutput.ReadToEndAsync()
        if (-not $p.WaitForExit($TimeoutSec * 1000)) { $p.Kill($true); throw "pwsh did not finish within $TimeoutSec s." }
        $out.Result -split '\r?\n' | Where-Object { $_ }
    } finally { $p.Dispose() }
}

function Get-ReactorThreadCount {
    # Reactor threads of this process, from /proc: the module's ('PoetryReactor') and its workers' ('PoetryReactor 2', ...).
    @(Get-ChildItem /proc/self/task -Directory | Where-Object {
            (Get-Content -Raw -ErrorAction Ignore (Join-Path $_.FullName 'comm')) -match '^PoetryReactor( \d+)?\s*$'
        }).Count
}

function Get-ResourceLevel {
    # Descriptors, sockets, threads and managed memory of this process, after a full collection.
    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
    $p = [Diagnostics.Process]::GetCurrentProcess()
    [pscustomobject]@{
        Fds     = [IO.Directory]::GetFiles('/proc/self/fd').Count
        Sockets = @(Get-SocketInode).Count
        Threads = $p.Threads.Count
        Managed = [GC]::GetTotalMemory($true)
    }
}

function Invoke-Ip {
    # Runs ip(8) and throws with its message when it fails.
    $out = & ip @args 2>&1
    if ($LASTEXITCODE -ne 0) { throw "ip $($args -join ' ') failed: $out" }
}

#endregion

#region The tutorial's Python peers

$script:Python = '/usr/bin/python3'

# The tutorial's poetry server in miniature, for one client: the poem (hex in argv[1]) in two
# writes, then a close. With argv[2] = 'reset' it sends the first half only, waits for a line on
# stdin (the test's word that the client has read it), then resets the connection.
$script:PythonServer = @'
import socket, struct, sys, time
poem = bytes.fromhex(sys.argv[1])
reset = len(sys.argv) > 2 and sys.argv[2] == 'reset'
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(('127.0.0.1', 0))
listener.listen(5)
listener.settimeout(20)
print(listener.getsockname()[1], flush=True)
sock, addr = listener.accept()
half = len(poem) // 2
sock.sendall(poem[:half])
if reset:
    sys.stdin.readline()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
else:
    time.sleep(0.05)
    sock.sendall(poem[half:])
sock.close()
'@

# The tutorial's blocking client: connects, reads until the server closes, prints the poem in hex.
$script:PythonClient = @'
import socket, sys
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.settimeout(20)
sock.connect(('127.0.0.1', int(sys.argv[1])))
poem = b''
while True:
    data = sock.recv(1024)
    if not data:
        break
    poem += data
print(poem.hex(), flush=True)
'@

function Test-Python {
    # True when python3 is here to play the tutorial's peers.
    Test-Path $script:Python
}

function Start-PythonPeer {
    # Starts one of the tutorial's Python peers: -Server serves $Poem to one client (and prints its
    # port first; -Reset sends half, waits for a line on stdin, then resets), -Client fetches from
    # $Port and prints the poem in hex. Read its lines with Read-PythonLine; Stop-PythonPeer ends it.
    [CmdletBinding(DefaultParameterSetName = 'Server')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'Server')] [byte[]] $Poem,
        [Parameter(ParameterSetName = 'Server')] [switch] $Reset,
        [Parameter(Mandatory, ParameterSetName = 'Client')] [int] $Port
    )
    $psi = [Diagnostics.ProcessStartInfo]::new($script:Python)
    $psi.ArgumentList.Add('-c')
    if ($PSCmdlet.ParameterSetName -eq 'Server') {
        $psi.ArgumentList.Add($script:PythonServer)
        $psi.ArgumentList.Add([Convert]::ToHexString($Poem))
        if ($Reset) { $psi.ArgumentList.Add('reset') }
    } else {
        $psi.ArgumentList.Add($script:PythonClient)
        $psi.ArgumentList.Add("$Port")
    }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    [Diagnostics.Process]::Start($psi)
}

function Read-PythonLine {
    # The next line the program prints, within a bound.
    param([Parameter(Mandatory)] [Diagnostics.Process] $Process, [double] $TimeoutSec = 20)
    $task = $Process.StandardOutput.ReadLineAsync()
    if (-not $task.Wait([timespan]::FromSeconds($TimeoutSec))) { throw "python printed nothing within $TimeoutSec s: $($Process.StandardError.ReadToEnd())" }
    $task.Result
}

function Stop-PythonPeer {
    # Ends the program if it still runs, and releases it.
    param([Parameter(Mandatory)] [Diagnostics.Process] $Process)
    if (-not $Process.HasExited) { $Process.Kill() }
    $Process.Dispose()
}

#endregion

#region Timelines

function Get-TimelineLane {
    # The lanes of one model in a timeline SVG: task lanes, or thread lanes with -Class thread-lane.
    param([Parameter(Mandatory)] [xml] $Document, [Parameter(Mandatory)] [string] $Mode, [string] $Class = 'task-lane')
    $Document.SelectNodes("//*[local-name()='g'][@class='$Class'][@data-mode='$Mode']")
}

function Get-LaneSpan {
    # A lane's start and end, in seconds, as drawn.
    param([Parameter(Mandatory, ValueFromPipeline)] $Lane)
    process {
        [pscustomobject]@{
            Start = [double]::Parse($Lane.'data-start', [cultureinfo]::InvariantCulture)
            End   = [double]::Parse($Lane.'data-end', [cultureinfo]::InvariantCulture)
        }
    }
}

#endregion

#region Help pages and their examples

function Get-MarkdownSection {
    # The body of '## $Name' in $Text (up to the next '## '), or the empty string.
    param([Parameter(Mandatory)] [string] $Text, [Parameter(Mandatory)] [string] $Name)
    $m = [regex]::Match($Text, "(?ms)^## $([regex]::Escape($Name))[ \t]*\r?\n(.*?)(?=^## |\z)")
    if ($m.Success) { $m.Groups[1].Value.Trim("`r", "`n") } else { '' }
}

function Get-FencedBlock {
    # The fenced blocks of $Text in order, each with its info string ('powershell', '' ...) and code.
    param([Parameter(Mandatory)] [AllowEmptyString()] [string] $Text)
    foreach ($m in [regex]::Matches($Text, '(?ms)^```[ \t]*(?<info>[^\r\n`]*)\r?\n(?<code>.*?)^```[ \t]*$')) {
        [pscustomobject] @{ Info = $m.Groups['info'].Value.Trim(); Code = $m.Groups['code'].Value.TrimEnd() }
    }
}

function Get-PageExample {
    # Every '### ' example of a help page: its ```powershell code and the plain ``` block after it
    # (its shown output), if any.
    param([Parameter(Mandatory)] [string] $Path)
    $page = [IO.Path]::GetFileNameWithoutExtension($Path)
    $examples = Get-MarkdownSection -Text (Get-Content -Raw $Path) -Name 'EXAMPLES'
    foreach ($m in [regex]::Matches($examples, '(?ms)^### (?<title>[^\r\n]+)\r?\n(?<body>.*?)(?=^### |\z)')) {
        $blocks = @(Get-FencedBlock $m.Groups['body'].Value)
        $code = $blocks | Where-Object Info -EQ 'powershell' | Select-Object -First 1
        $output = $blocks | Select-Object -Skip 1 | Where-Object Info -EQ '' | Select-Object -First 1
        @{
            Page   = $page
            Title  = $m.Groups['title'].Value.Trim()
            Code   = if ($code) { $code.Code } else { '' }
            Output = if ($output) { $output.Code } else { $null }
        }
    }
}

function Get-ReadmeExample {
    # Every ```powershell block of the README, with the plain ``` block right after it as its output.
    param([Parameter(Mandatory)] [string] $Path)
    $blocks = @(Get-FencedBlock (Get-Content -Raw $Path))
    $n = 0
    for ($i = 0; $i -lt $blocks.Count; $i++) {
        if ($blocks[$i].Info -ne 'powershell') { continue }
        $next = if ($i + 1 -lt $blocks.Count -and $blocks[$i + 1].Info -eq '') { $blocks[$i + 1].Code }
        @{ Page = 'README'; Title = "block $((++$n))"; Code = $blocks[$i].Code; Output = $next }
    }
}

function Get-AboutExample {
    # The indented code blocks of an about topic's EXAMPLES section (about topics are plain text).
    param([Parameter(Mandatory)] [string] $Path)
    $page = [IO.Path]::GetFileNameWithoutExtension($Path)
    $section = Get-MarkdownSection -Text (Get-Content -Raw $Path) -Name 'EXAMPLES'
    $n = 0
    foreach ($m in [regex]::Matches($section, '(?m)(?:^    .*(?:\r?\n|\z)(?:[ \t]*\r?\n)*)+')) {
        $code = ($m.Value.TrimEnd() -split '\r?\n' | ForEach-Object { $_ -replace '^    ', '' }) -join "`n"
        @{ Page = $page; Title = "example $((++$n))"; Code = $code; Output = $null }
    }
}

function ConvertTo-PlainWords {
    # Letters and digits of markdown or help text, lower case, single-spaced: for comparing the
    # written text with what Get-Help shows, whatever the markup.
    param([AllowEmptyString()] [string] $Text)
    $t = $Text -replace '\[([^\]]*)\]\([^)]*\)', '$1'
    (($t -replace '[^\p{L}\p{N}]+', ' ').Trim()).ToLowerInvariant()
}

function Get-Opening {
    # The first $Words words of $Text, as ConvertTo-PlainWords shapes them.
    param([AllowEmptyString()] [string] $Text, [int] $Words = 8)
    ((ConvertTo-PlainWords $Text) -split ' ' | Select-Object -First $Words) -join ' '
}

#endregion

Export-ModuleMember -Function @(
    'Wait-Until', 'Get-RepositoryRoot', 'Get-TestedModulePath', 'Reset-ReactorState'
    'Get-FreePort', 'Test-PortFree', 'Test-Listening', 'Get-SocketInode', 'Get-ClientSocketCount', 'Invoke-RawExchange'
    'New-PoemFile', 'Start-CorePoetryServer', 'Start-GatedServer', 'Wait-GateClient', 'Open-Gate', 'Stop-GatedServer', 'Invoke-GatedMeasurement'
    'Start-StoppableCommand', 'Wait-StoppableOutput', 'Stop-StoppableCommand', 'Wait-StoppableCommand', 'Remove-StoppableCommand'
    'Get-PwshCommand', 'Invoke-ChildPwsh', 'Get-ReactorThreadCount', 'Get-ResourceLevel', 'Invoke-Ip'
    'Test-Python', 'Start-PythonPeer', 'Read-PythonLine', 'Stop-PythonPeer'
    'Get-TimelineLane', 'Get-LaneSpan'
    'Get-MarkdownSection', 'Get-FencedBlock', 'Get-PageExample', 'Get-ReadmeExample', 'Get-AboutExample'
    'ConvertTo-PlainWords', 'Get-Opening'
)
