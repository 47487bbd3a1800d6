# Helpers shared by every Pester file under tests/Pester (imported as a module; not a test file itself).

function Wait-Until {
    # Polls a condition until it holds; fails the test past the bound. For state with no event to wait on.
    param([Parameter(Mandatory)] [scriptblock] $Condition, [double] $TimeoutSec = 15, [string] $Because = 'the condition')
    $deadline = [Diagnostics.Stopwatch]::StartNew()
    while (-not (& $Condition)) {
        if ($deadline.Elapsed.TotalSeconds -gt $TimeoutSec) { throw "Timed out after $TimeoutSec s waiting for $Because." }
        Start-Sleep -Milliseconds 20
    }
}

function New-PoemFile {
    # Writes $Text as UTF-8 (no BOM) to a new file in TestDrive and returns its path.
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [AllowEmptyString()] [string] $Text)
    $path = Join-Path $TestDrive "$Name.txt"
    [IO.File]::WriteAllBytes($path, [Text.UTF8Encoding]::new($false).GetBytes($Text))
    $path
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

function Stop-Midway {
    # Runs $Command in a new PowerShell of this process, waits for $Expected client connections to
    # $Port, stops it, and says how long Stop() took, the final state and the client sockets left.
    param(
        [Parameter(Mandatory)] [string] $ModulePath, [Parameter(Mandatory)] [string] $Command,
        [Parameter(Mandatory)] [hashtable] $Parameters, [Parameter(Mandatory)] [int[]] $Port, [int] $Expected = 1
    )
    $ps = [powershell]::Create()
    try {
        # Import first, then one statement: a stopped multi-statement BeginInvoke may still queue its
        # next statement after the runspace is closed, which crashes the process.
        $null = $ps.AddCommand('Import-Module').AddArgument($ModulePath).Invoke()
        $ps.Commands.Clear()
        $null = $ps.AddCommand($Command).AddParameters($Parameters)
        $null = $ps.BeginInvoke()
        Wait-Until { (Get-ClientSocketCount -Port $Port) -eq $Expected } -Because "$Expected client connection(s)"
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        [pscustomobject]@{ Seconds = $watch.Elapsed.TotalSeconds; State = $ps.InvocationStateInfo.State; SocketsLeft = Get-ClientSocketCount -Port $Port }
    } finally { $ps.Dispose() }
}

function Get-FreePort {
    # A port nothing listens on: bound, read, released.
    $l = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $l.Start(); $port = $l.LocalEndpoint.Port; $l.Stop()
    $port
}

$script:Python = '/usr/bin/python3'

function Start-PythonProgram {
    # Starts python3 running $Code with $Arguments; the caller reads its stdout and kills it.
    param([Parameter(Mandatory)] [string] $Code, [string[]] $Arguments = @())
    $psi = [Diagnostics.ProcessStartInfo]::new($script:Python)
    $psi.ArgumentList.Add('-c'); $psi.ArgumentList.Add($Code)
    foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
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

function Invoke-ChildPwsh {
    # Runs $Command in a fresh pwsh like this one and returns its output lines.
    param([Parameter(Mandatory)] [string] $Command, [int] $TimeoutSec = 60)
    $self = [Environment]::ProcessPath
    $psi = [Diagnostics.ProcessStartInfo]::new($self)
    if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { $psi.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
    foreach ($a in '-NoProfile', '-NonInteractive', '-Command', $Command) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $p = [Diagnostics.Process]::Start($psi)
    try {
        $out = $p.StandardOutput.ReadToEndAsync()
        if (-not $p.WaitForExit($TimeoutSec * 1000)) { $p.Kill($true); throw "pwsh did not finish within $TimeoutSec s." }
        $out.Result -split '\r?\n' | Where-Object { $_ }
    } finally { $p.Dispose() }
}


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

function ConvertTo-OutputShape {
    # The shape of console output: blank lines dropped, each run of digits one '9', each run of
    # dashes one '-', each run of blanks one space. Ports, times and column widths then agree.
    param([AllowEmptyString()] [string[]] $Line)
    foreach ($l in $Line) {
        if ([string]::IsNullOrWhiteSpace($l)) { continue }
        (($l -replace '\d+', '9') -replace '-{2,}', '-' -replace '\s+', ' ').Trim()
    }
}

function New-ExampleRunspace {
    # A runspace with the module imported and the repository as its current folder.
    param([Parameter(Mandatory)] [string] $ModulePath, [Parameter(Mandatory)] [string] $Location)
    $rs = [runspacefactory]::CreateRunspace()
    $rs.Open()
    $ps = [powershell]::Create()
    $ps.Runspace = $rs
    $null = $ps.AddCommand('Import-Module').AddParameter('Name', $ModulePath).AddStatement().
        AddCommand('Set-Location').AddParameter('LiteralPath', $Location)
    $null = $ps.Invoke()
    $ps.Dispose()
    $rs
}

function Invoke-ExampleCode {
    # Runs $Code in $Runspace as a user would type it, bounded by $TimeoutSec (then stopped), and
    # returns its output lines as the console shows them, its errors and its warnings.
    param(
        [Parameter(Mandatory)] [runspace] $Runspace,
        [Parameter(Mandatory)] [string] $Code,
        [int] $TimeoutSec = 30
    )
    $ps = [powershell]::Create()
    $ps.Runspace = $Runspace
    try {
        $null = $ps.AddScript($Code).AddCommand('Out-String').AddParameter('Stream').AddParameter('Width', 120)
        $handle = $ps.BeginInvoke()
        $finished = $handle.AsyncWaitHandle.WaitOne([timespan]::FromSeconds($TimeoutSec))
        if (-not $finished) { $ps.Stop() }
        $failure = $null
        $lines = try { @($ps.EndInvoke($handle)) } catch { $failure = $_.Exception.InnerException ?? $_.Exception; @() }
        [pscustomobject] @{
            TimedOut = -not $finished
            Lines    = [string[]] @($lines | ForEach-Object { $_ -split '\r?\n' })
            Errors   = @($ps.Streams.Error) + @($failure | Where-Object { $_ })
            Warnings = @($ps.Streams.Warning)
        }
    } finally {
        $ps.Dispose()
    }
}

function Reset-ReactorState {
    # Leaves nothing behind for the next example: servers, listeners and the reactor stopped, and
    # the event queue (which outlives a reactor) emptied of what late callbacks wrote.
    param([Parameter(Mandatory)] [runspace] $Runspace)
    $cleanup = 'Stop-PoetryServer -All; Get-ReactorListener | Stop-ReactorListener -CloseConnections; ' +
        'Stop-Reactor -ErrorAction Ignore; Receive-ReactorOutput *> $null'
    $null = Invoke-ExampleCode -Runspace $Runspace -Code $cleanup -TimeoutSec 30
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

Export-ModuleMember -Variable PythonServer, PythonClient -Function Wait-Until, New-PoemFile, Get-SocketInode, Get-ClientSocketCount,
    Stop-Midway, Get-FreePort, Start-PythonProgram, Read-PythonLine, Invoke-ChildPwsh, Get-MarkdownSection, Get-FencedBlock,
    Get-PageExample, Get-ReadmeExample, Get-AboutExample, ConvertTo-OutputShape, New-ExampleRunspace, Invoke-ExampleCode,
    Reset-ReactorState, ConvertTo-PlainWords, Get-Opening
