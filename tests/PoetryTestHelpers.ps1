# Helpers for the poetry Pester files (dot-sourced in BeforeAll; not a test file itself).

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
