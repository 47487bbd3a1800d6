<#
The first host's side of Remoting.Tests.ps1 (not a test file itself). It runs in the first
network namespace, drives the other hosts over PowerShell remoting on SSH, and writes what it saw
to -FactsPath as Clixml for the test to check. A failed step is recorded and the next one runs.
#>
param(
    [Parameter(Mandatory)] [string[]] $HostAddress,   # the other hosts, as New-PSSession -HostName takes them
    [Parameter(Mandatory)] [string[]] $PoemPath,      # one poem file per host
    [Parameter(Mandatory)] [string] $KeyFilePath,
    [Parameter(Mandatory)] [string] $KnownHostsPath,
    [Parameter(Mandatory)] [string] $CutLink,         # this namespace's end of the link to the first of $HostAddress
    [Parameter(Mandatory)] [string] $ReadmePath,
    [Parameter(Mandatory)] [string] $FactsPath
)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
Import-Module PoetryReactor   # from this host's module path; its views show what comes back

$facts = [ordered]@{ Failures = [Collections.Generic.List[string]]::new() }
$ssh = @{
    UserName = 'root'; KeyFilePath = $KeyFilePath; ConnectingTimeout = 30000
    Options  = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = $KnownHostsPath; BatchMode = 'yes'; LogLevel = 'ERROR' }
}

function Invoke-Step([string] $Name, [scriptblock] $Body) {
    # Dot-sourced, so what a step makes is there for the next.
    try { . $Body } catch { $facts.Failures.Add("${Name}: $_ at $($_.InvocationInfo.PositionMessage)") }
}

function Get-TableLine($InputObject) {
    # The header and first row of the object's default table, blanks squeezed.
    $lines = @(($InputObject | Format-Table | Out-String -Width 400) -split '\r?\n' | Where-Object { $_.Trim() })
    [pscustomobject]@{
        Header = ($lines[0].Trim() -split '\s+') -join ' '
        Row    = if ($lines.Count -gt 2) { ($lines[2].Trim() -split '\s+') -join ' ' } else { '' }
    }
}

function Get-PoemFact($Poem) {
    [pscustomobject]@{
        TypeName = $Poem.pstypenames[0]; Computer = $Poem.PSComputerName; Address = $Poem.Address
        Complete = $Poem.Complete; Bytes = $Poem.Bytes; Text = $Poem.Text
    }
}

function Get-ErrorFact($ErrorRecord) {
    [pscustomobject]@{
        Id = $ErrorRecord.FullyQualifiedErrorId; Target = "$($ErrorRecord.TargetObject)"
        Category = "$($ErrorRecord.CategoryInfo.Category)"; Message = "$ErrorRecord"
    }
}

# The recipe of README.md as written, statement by statement as at a prompt, with $hosts and $ssh
# set for these hosts. It runs in a scope of its own, so its variables do not meet this script's.
Invoke-Step 'recipe' {
    $readme = Get-Content -Raw $ReadmePath
    $blocks = @([regex]::Matches($readme, '(?ms)^```powershell remoting[ \t]*\r?\n(.*?)^```') | ForEach-Object { $_.Groups[1].Value })
    $facts.Recipe = & {
        $hosts = $HostAddress
        $ErrorActionPreference = 'Continue'   # as at a prompt
        foreach ($code in $blocks) {
            $ast = [Management.Automation.Language.Parser]::ParseInput($code, [ref] $null, [ref] $null)
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $text = [Text.StringBuilder]::new()
            $objects = [Collections.Generic.List[object]]::new()
            $errors = [Collections.Generic.List[object]]::new()
            foreach ($statement in $ast.EndBlock.Statements) {
                try { $out = @(. ([scriptblock]::Create($statement.Extent.Text)) 2>&1 3>$null) }
                catch { $out = @($_) }
                foreach ($o in $out) {
                    if ($o -is [Management.Automation.ErrorRecord]) { $errors.Add((Get-ErrorFact $o)) }
                    elseif ($o.pstypenames[0] -notlike 'Microsoft.PowerShell.Commands.Internal.Format.*') {
                        $objects.Add([pscustomobject]@{ TypeName = $o.pstypenames[0]; Computer = $o.PSComputerName; Address = $o.Address; Complete = $o.Complete })
                    }
                }
                $null = $text.Append(($out | Where-Object { $_ -isnot [Management.Automation.ErrorRecord] } | Out-String -Width 250))
            }
            [pscustomobject]@{
                Code = $code; Seconds = $watch.Elapsed.TotalSeconds; Text = $text.ToString()
                Objects = $objects.ToArray(); Errors = $errors.ToArray()
                Sessions = @($sessions | ForEach-Object { "$($_.State)" })
                Poems = @($poems | Where-Object { $null -ne $_ } | ForEach-Object { Get-PoemFact $_ })
            }
        }
    }
}

# The test's own sessions, one per host, in the order of $HostAddress.
Invoke-Step 'sessions' {
    $all = @(New-PSSession -HostName $HostAddress @ssh)
    $script:HostSessions = foreach ($h in $HostAddress) { $all | Where-Object ComputerName -EQ $h }
    $facts.Hosts = foreach ($s in $HostSessions) {
        Invoke-Command -Session $s {
            [pscustomobject]@{
                Namespace  = "$(& ip netns identify $PID)"
                ModuleBase = (Get-Module PoetryReactor -ListAvailable).ModuleBase
            }
        } | Select-Object Namespace, ModuleBase, PSComputerName
    }
}

# A poetry server on each host, bound to the host's own address, started from here.
Invoke-Step 'servers' {
    $script:HostServers = for ($i = 0; $i -lt $HostSessions.Count; $i++) {
        Invoke-Command -Session $HostSessions[$i] -ArgumentList $PoemPath[$i], $HostAddress[$i] {
            param($path, $ip)
            Start-PoetryServer -Path $path -Interface $ip -ChunkSize 16 -Delay 0.05
        }
    }
    $facts.Servers = foreach ($s in $HostServers) {
        $table = Get-TableLine $s
        [pscustomobject]@{
            TypeName = $s.pstypenames[0]; Computer = $s.PSComputerName; Address = $s.Address; Port = $s.Port
            State = $s.State.ToString(); Header = $table.Header; Row = $table.Row
        }
    }
}

# Every other kind of object, made on the first host and read here.
Invoke-Step 'objects' {
    $remote = @(Invoke-Command -Session $HostSessions[0] {
            $quick = Start-PoetryServer science -Delay 0 -ChunkSize 64
            $listener = Start-ReactorListener -Port 0 -Name remote -OnDataReceived { }
            $client = Connect-ReactorClient $listener.Address -NoWait -Name remote
            $deadline = [Diagnostics.Stopwatch]::StartNew()
            while ($client.State -ne 'Connected' -and $deadline.Elapsed.TotalSeconds -lt 15) { Start-Sleep -Milliseconds 20 }
            Get-Poetry $quick.Address -IncludeChunk | Select-Object -Last 2   # a chunk, then the poem
            Measure-PoetryModel $quick.Address -Mode Protocol
            Invoke-ReactorLater 600 -Name remote { }
            Get-ReactorListener -Name remote
            Get-ReactorConnection -Name remote
            Get-Reactor
        })
    $facts.Objects = foreach ($o in $remote) {
        $table = Get-TableLine $o
        [pscustomobject]@{
            TypeName = $o.pstypenames[0]; Computer = $o.PSComputerName; Header = $table.Header; Row = $table.Row
            State = if ($null -ne $o.State) { $o.State.ToString() }; Mode = if ($null -ne $o.Mode) { $o.Mode.ToString() }
            Name = $o.Name; Kind = if ($null -ne $o.Kind) { $o.Kind.ToString() }
        }
    }
}

# One Get-Poetry here fetches from every host's server, piped in as they came back.
Invoke-Step 'fetch' {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $poems = @($HostServers | Get-Poetry -TimeoutSec 10 -ErrorVariable failed -ErrorAction SilentlyContinue)
    $facts.Fetch = [pscustomobject]@{
        Seconds = $watch.Elapsed.TotalSeconds; Poems = @($poems | ForEach-Object { Get-PoemFact $_ })
        Errors = @($failed | ForEach-Object { Get-ErrorFact $_ })
    }
}

# Every host fetches from every host at once; the poems come back merged, each with its PSComputerName.
Invoke-Step 'fan-out' {
    $addresses = @($HostServers | ForEach-Object Address)   # an array's .Address is its own method
    $poems = @(Invoke-Command -Session $HostSessions -ThrottleLimit 2 { Get-Poetry $using:addresses -TimeoutSec 10 } -ErrorVariable failed -ErrorAction SilentlyContinue)
    $facts.FanOut = [pscustomobject]@{
        Poems = @($poems | ForEach-Object { Get-PoemFact $_ }); Errors = @($failed | ForEach-Object { Get-ErrorFact $_ })
        Table = if ($poems) { Get-TableLine $poems[0] }
    }
}

# The link to the first host goes down mid-poem: that poem times out incomplete, the others arrive whole.
Invoke-Step 'cut' {
    $cutAddress = $HostServers[0].Address
    $timeoutSec = 2
    $watch = [Diagnostics.Stopwatch]::StartNew()
    try {
        $out = @(Get-Poetry ($HostServers | ForEach-Object Address) -TimeoutSec $timeoutSec -IncludeChunk -ErrorVariable failed -ErrorAction SilentlyContinue |
                ForEach-Object {
                    if ($_ -is [PoetryReactor.Core.Poetry.Clients.ChunkEvent] -and $_.Address -eq $cutAddress -and $_.TotalBytes -ge 32) {
                        & ip link set $CutLink down
                    }
                    $_
                })
        $seconds = $watch.Elapsed.TotalSeconds
    } finally {
        & ip link set $CutLink up   # so the session over it can close
    }
    $facts.Cut = [pscustomobject]@{
        Seconds = $seconds; TimeoutSec = $timeoutSec; Address = $cutAddress
        Poems = @($out | Where-Object { $_ -is [PoetryReactor.Core.Poetry.Clients.Poem] } | ForEach-Object { Get-PoemFact $_ })
        Errors = @($failed | ForEach-Object { Get-ErrorFact $_ })
    }
}

$facts | Export-Clixml -Path $FactsPath -Depth 6
Invoke-Step 'close' {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $HostSessions | Remove-PSSession
    $facts.CloseSeconds = $watch.Elapsed.TotalSeconds
}
$facts | Export-Clixml -Path $FactsPath -Depth 6
