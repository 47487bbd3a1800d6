param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Three hosts for real: network namespaces joined by veth links, the first linked to each of the
# other two and routing between them. The two run Debian's sshd on their own address with
# PowerShell as its subsystem; the first drives them over remoting (RemotingClient.ps1, a child
# pwsh under `ip netns exec`) and writes what it saw, which the Its check. The hosts share this
# machine's file system, so each gets a module folder of its own, put on its PSModulePath by its
# subsystem, as each separate machine would have its own installed copy.
# Needs root, `ip netns`, veth links and sshd; skipped with the reason otherwise.

BeforeDiscovery {
    $readme = Get-Content -Raw (Join-Path $PSScriptRoot '../../../README.md')
    $RecipeBlocks = @([regex]::Matches($readme, '(?ms)^```powershell remoting[ \t]*\r?\n(.*?)^```') | ForEach-Object { $_.Groups[1].Value })
}

BeforeAll {
    Import-Module $ModulePath

    function Invoke-Ip {
        # Runs ip(8) and throws with its message when it fails.
        $out = & ip @args 2>&1
        if ($LASTEXITCODE -ne 0) { throw "ip $($args -join ' ') failed: $out" }
    }

    function Get-SkipReason {
        if ((& id -u) -ne '0') { return 'needs root to create network namespaces' }
        if (-not (Get-Command ip -CommandType Application -ErrorAction Ignore)) { return 'the ip command (iproute2) is not installed' }
        if (-not $script:Sshd) { return 'sshd (openssh-server) is not installed' }
        foreach ($tool in 'ssh', 'ssh-keygen') {
            if (-not (Get-Command $tool -CommandType Application -ErrorAction Ignore)) { return "$tool (openssh-client) is not installed" }
        }
        $probe = "prxprobe$PID"
        & ip netns add $probe 2>&1 | Out-Null
        if ($LASTEXITCODE -ne 0) { return '`ip netns add` is not permitted here' }
        try {
            & ip -n $probe link add "prxq$($PID % 100000)" type veth peer name "prxr$($PID % 100000)" 2>&1 | Out-Null
            if ($LASTEXITCODE -ne 0) { return 'veth links cannot be created here' }
        } finally { & ip netns del $probe 2>&1 | Out-Null }
        $null
    }

    function Get-ViewHeader([string] $TypeName) {
        # The header a remote object of $TypeName shows: the labels of the module's table view that
        # selects Deserialized.$TypeName, then the PSComputerName column remoting adds, blanks squeezed.
        [xml] $format = Get-Content -Raw (Join-Path (Split-Path $ModulePath) 'PoetryReactor.format.ps1xml')
        $name = "Deserialized.$TypeName"
        $sets = @($format.Configuration.SelectionSets.SelectionSet | Where-Object { $_.Types.TypeName -contains $name } | ForEach-Object Name)
        $view = $format.Configuration.ViewDefinitions.View | Where-Object {
            $_.TableControl -and ($_.ViewSelectedBy.TypeName -contains $name -or $_.ViewSelectedBy.SelectionSetName -in $sets)
        } | Select-Object -First 1
        if (-not $view) { return "no table view selects $name" }
        ((@($view.TableControl.TableHeaders.TableColumnHeader.Label) + 'PSComputerName') -join ' ' -split '\s+') -join ' '
    }

    function Start-Namespaced {
        # Starts $Command in namespace $Namespace, its output to $Log; the process is stopped in AfterAll.
        param([string] $Namespace, [string[]] $Command, [string] $Log, [hashtable] $Environment = @{})
        $psi = [Diagnostics.ProcessStartInfo]::new('ip')
        $exports = ($Environment.Keys | ForEach-Object { "export $_='$($Environment[$_])'; " }) -join ''
        foreach ($a in @('netns', 'exec', $Namespace, 'sh', '-c', "${exports}exec `"`$0`" `"`$@`" >'$Log' 2>&1") + $Command) { $psi.ArgumentList.Add($a) }
        $psi.UseShellExecute = $false
        $p = [Diagnostics.Process]::Start($psi)
        $script:Started.Add($p)
        $p
    }

    function Get-LogTail([string] $Path) {
        if (Test-Path $Path) { (Get-Content $Path -Tail 30) -join "`n" } else { "(no $Path)" }
    }

    function Start-Hosts {
        # Namespaces and links, a key pair for the client, then each server host's sshd and module folder.
        $self = [Environment]::ProcessPath
        $script:Pwsh = @($self) + @(if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
        New-Item -ItemType Directory -Path $Root | Out-Null
        foreach ($h in @($First) + $Hosts) {
            Invoke-Ip netns add $h.Namespace
            $Namespaces.Add($h.Namespace)
            Invoke-Ip -n $h.Namespace link set lo up
            New-Item -ItemType Directory -Path $h.Dir, (Join-Path $h.Dir 'Modules') | Out-Null
            Copy-Item (Split-Path $ModulePath) -Destination (Join-Path $h.Dir 'Modules/PoetryReactor') -Recurse
        }
        foreach ($h in $Hosts) {
            Invoke-Ip -n $First.Namespace link add $h.FirstLink type veth peer name $h.Link netns $h.Namespace
            Invoke-Ip -n $First.Namespace addr add "$($h.FirstIp)/30" dev $h.FirstLink
            Invoke-Ip -n $First.Namespace link set $h.FirstLink up
            Invoke-Ip -n $h.Namespace addr add "$($h.Ip)/30" dev $h.Link
            Invoke-Ip -n $h.Namespace link set $h.Link up
        }
        # The server hosts reach each other through the first, which forwards between its links.
        Invoke-Ip netns exec $First.Namespace sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'
        Invoke-Ip -n $Hosts[0].Namespace route add "$($Hosts[1].Subnet)" via $Hosts[0].FirstIp
        Invoke-Ip -n $Hosts[1].Namespace route add "$($Hosts[0].Subnet)" via $Hosts[1].FirstIp

        & ssh-keygen -q -t ed25519 -N '' -C poetry-client -f $ClientKey
        if ($LASTEXITCODE -ne 0) { throw 'ssh-keygen could not make the client key' }
        Copy-Item "$ClientKey.pub" (Join-Path $Root 'authorized_keys')
        if (-not (Test-Path /run/sshd)) {
            # sshd's privilege separation directory, which Debian's service unit would make.
            New-Item -ItemType Directory -Path /run/sshd | Out-Null
            $script:MadeRunSshd = $true
        }
        foreach ($h in $Hosts) {
            & ssh-keygen -q -t ed25519 -N '' -f (Join-Path $h.Dir 'host_key')
            if ($LASTEXITCODE -ne 0) { throw "ssh-keygen could not make the host key of $($h.Name)" }
            $subsystem = Join-Path $h.Dir 'pwsh-subsystem.sh'
            $quoted = ($Pwsh | ForEach-Object { "'$_'" }) -join ' '
            Set-Content -Path $subsystem -Value @(
                '#!/bin/sh'
                '# PowerShell as an ssh subsystem, with this host''s own module folder on its path.'
                "export PSModulePath='$(Join-Path $h.Dir 'Modules')'"
                "exec $quoted -sshs -NoLogo -NoProfile")
            & chmod 755 $subsystem
            Set-Content -Path (Join-Path $h.Dir 'sshd_config') -Value @(
                "ListenAddress $($h.Ip)"
                'Port 22'
                "HostKey $(Join-Path $h.Dir 'host_key')"
                "PidFile $(Join-Path $h.Dir 'sshd.pid')"
                "AuthorizedKeysFile $(Join-Path $Root 'authorized_keys')"
                'PermitRootLogin prohibit-password'
                'PasswordAuthentication no'
                'KbdInteractiveAuthentication no'
                'UsePAM no'
                'UseDNS no'
                'StrictModes no'   # the keys live under /tmp, which is world-writable
                'PrintMotd no'
                "Subsystem powershell $subsystem")
            $h.Log = Join-Path $h.Dir 'sshd.log'
            $h.Sshd = Start-Namespaced -Namespace $h.Namespace -Log $h.Log -Command @($Sshd, '-D', '-e', '-f', (Join-Path $h.Dir 'sshd_config'))
        }
        foreach ($h in $Hosts) {
            # sshd says when it listens; nothing else signals it.
            $deadline = [Diagnostics.Stopwatch]::StartNew()
            while (-not (Select-String -Path $h.Log -Pattern 'Server listening' -Quiet -ErrorAction Ignore)) {
                if ($h.Sshd.HasExited -or $deadline.Elapsed.TotalSeconds -gt 15) { throw "sshd in $($h.Namespace) did not listen: $(Get-LogTail $h.Log)" }
                Start-Sleep -Milliseconds 20
            }
        }
    }

    function Invoke-Client {
        # The first host's side, bounded: it writes its facts and ends, or is stopped.
        $q = { "'$($args[0] -replace "'", "''")'" }
        $command = "& $(& $q (Join-Path $PSScriptRoot 'RemotingClient.ps1'))" +
        " -HostAddress $(($Hosts | ForEach-Object { & $q $_.Ip }) -join ',')" +
        " -PoemPath $(($Hosts | ForEach-Object { & $q $_.Poem }) -join ',')" +
        " -KeyFilePath $(& $q $ClientKey) -KnownHostsPath $(& $q (Join-Path $Root 'known_hosts'))" +
        " -CutLink $(& $q $Hosts[0].FirstLink) -ReadmePath $(& $q (Join-Path $PSScriptRoot '../../../README.md'))" +
        " -FactsPath $(& $q $FactsPath)"
        $log = Join-Path $Root 'client.log'
        $client = Start-Namespaced -Namespace $First.Namespace -Log $log -Environment @{ PSModulePath = (Join-Path $First.Dir 'Modules') } -Command (
            $Pwsh + @('-NoProfile', '-NonInteractive', '-Command', $command))
        $watch = [Diagnostics.Stopwatch]::StartNew()
        if (-not $client.WaitForExit(180000)) {
            $client.Kill($true)
            throw "the client did not finish within 180 s: $(Get-LogTail $log)"
        }
        $script:ClientSeconds = $watch.Elapsed.TotalSeconds
        if (-not (Test-Path $FactsPath)) { throw "the client wrote nothing (exit $($client.ExitCode)): $(Get-LogTail $log)" }
        $script:Facts = Import-Clixml $FactsPath
        $script:ClientLog = Get-LogTail $log
    }

    function Assert-Step([string] $Step) {
        # Fails the It with the setup's or the step's own failure, so each It says what went wrong.
        if ($SetupError) { throw "setup failed: $SetupError" }
        $failed = @($Facts.Failures | Where-Object { $_ -like "${Step}:*" })
        $failed | Should -BeNullOrEmpty -Because "the client's '$Step' step ran (log: $ClientLog)"
    }

    $script:Sshd = (Get-Command sshd -CommandType Application -ErrorAction Ignore | Select-Object -First 1).Source
    if (-not $Sshd -and (Test-Path /usr/sbin/sshd)) { $script:Sshd = '/usr/sbin/sshd' }
    $script:SkipReason = Get-SkipReason
    $script:Started = [Collections.Generic.List[Diagnostics.Process]]::new()
    $script:Namespaces = [Collections.Generic.List[string]]::new()
    $script:MadeRunSshd = $false
    $script:SetupError = $null
    $script:Facts = $null
    $script:ClientLog = ''

    # Names unique to this process, so parallel runs do not meet; the addresses exist only inside
    # the namespaces made here.
    $id = $PID % 100000
    $net = "10.$(100 + ($PID -shr 8) % 100).$($PID % 256)"
    $script:Root = Join-Path ([IO.Path]::GetTempPath()) "prremote-$PID"
    $script:ClientKey = Join-Path $Root 'client_key'
    $script:FactsPath = Join-Path $Root 'facts.xml'
    $script:First = [pscustomobject]@{ Name = 'poet0'; Namespace = "prx$id-0"; Dir = Join-Path $Root 'poet0' }
    $script:Hosts = foreach ($n in 1, 2) {
        [pscustomobject]@{
            Name      = "poet$n"
            Namespace = "prx$id-$n"
            Dir       = Join-Path $Root "poet$n"
            FirstLink = "prx${id}f$n"                     # the first host's end
            Link      = "prx${id}h$n"                     # this host's end
            FirstIp   = "$net.$(8 * $n + 1)"
            Ip        = "$net.$(8 * $n + 2)"
            Subnet    = "$net.$(8 * $n)/30"
            Text      = "A poem from poet$n, sent slowly over its own link.`n" * 8
            Poem      = Join-Path $Root "poet$n.txt"
            Sshd      = $null
            Log       = $null
        }
    }

    if (-not $SkipReason) {
        try {
            Start-Hosts
            foreach ($h in $Hosts) { [IO.File]::WriteAllText($h.Poem, $h.Text) }
            Invoke-Client
        } catch {
            $script:SetupError = "$_"
        }
    }
}

AfterAll {
    foreach ($p in $Started) {
        if (-not $p.HasExited) { $p.Kill($true); $null = $p.WaitForExit(10000) }
        $p.Dispose()
    }
    foreach ($ns in $Namespaces) {
        # Anything still running in a namespace the test made was started by it.
        foreach ($stray in @(& ip netns pids $ns 2>$null)) { Stop-Process -Id $stray -Force -ErrorAction Ignore }
        & ip netns del $ns 2>&1 | Out-Null
    }
    if ($MadeRunSshd) { Remove-Item /run/sshd -Recurse -Force -ErrorAction Ignore }
    if (Test-Path $Root) { Remove-Item $Root -Recurse -Force }
}

Describe 'Poetry across hosts over PowerShell remoting' {
    It 'each host runs in its namespace, behind sshd with PowerShell as a subsystem, with the module on its own path' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        Assert-Step 'sessions'
        $Facts.Hosts.Count | Should -Be 2
        for ($i = 0; $i -lt 2; $i++) {
            $Facts.Hosts[$i].PSComputerName | Should -Be $Hosts[$i].Ip
            $Facts.Hosts[$i].Namespace | Should -Be $Hosts[$i].Namespace
            $Facts.Hosts[$i].ModuleBase | Should -Be (Join-Path $Hosts[$i].Dir 'Modules/PoetryReactor')
        }
        $ClientSeconds | Should -BeLessThan 120 -Because 'the whole exchange is bounded'
    }

    It 'servers started with Invoke-Command come back as Deserialized servers, shown with the module''s table' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        Assert-Step 'servers'
        $Facts.Servers.Count | Should -Be 2
        for ($i = 0; $i -lt 2; $i++) {
            $s = $Facts.Servers[$i]
            $s.TypeName | Should -Be 'Deserialized.PoetryReactor.Objects.PoetryServer'
            $s.Computer | Should -Be $Hosts[$i].Ip
            $s.Address | Should -Be "$($Hosts[$i].Ip):$($s.Port)"
            $s.State | Should -Be 'Listening'
            $s.Header | Should -Be (Get-ViewHeader 'PoetryReactor.Objects.PoetryServer')
            $s.Row | Should -BeLike "* $($s.Address) Reactor Listening *"
        }
    }

    It 'poems, chunks, measurements, calls, listeners, connections and reactor snapshots come back with their views and values' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        Assert-Step 'objects'
        $byType = $Facts.Objects | Group-Object TypeName -AsHashTable -AsString
        $expected = 'PoetryReactor.Poem', 'PoetryReactor.Core.Poetry.Clients.ChunkEvent', 'PoetryReactor.ModelMeasurement',
        'PoetryReactor.Objects.ReactorCall', 'PoetryReactor.Objects.ReactorListener', 'PoetryReactor.Objects.ReactorConnection',
        'PoetryReactor.Objects.ReactorInfo'
        foreach ($type in $expected) {
            $byType.Keys | Should -Contain "Deserialized.$type"
            foreach ($o in $byType["Deserialized.$type"]) {
                $o.Header | Should -Be (Get-ViewHeader $type) -Because "a $type is shown with its view"
                $o.Computer | Should -Be $Hosts[0].Ip
            }
        }
        $byType['Deserialized.PoetryReactor.Poem'][0].Row | Should -BeLike '1 *:* 222 * Science, Slowly *'
        $byType['Deserialized.PoetryReactor.Core.Poetry.Clients.ChunkEvent'][0].Row | Should -Match ' \d\d:\d\d:\d\d ' -Because 'the chunk''s time shows'
        $byType['Deserialized.PoetryReactor.ModelMeasurement'][0].Mode | Should -Be 'Protocol'
        $byType['Deserialized.PoetryReactor.Objects.ReactorCall'][0].Name | Should -Be 'remote'
        $byType['Deserialized.PoetryReactor.Objects.ReactorCall'][0].State | Should -Be 'Pending'
        $byType['Deserialized.PoetryReactor.Objects.ReactorListener'][0].Name | Should -Be 'remote'
        $byType['Deserialized.PoetryReactor.Objects.ReactorConnection'].Kind | Sort-Object | Should -Be 'Client', 'Listener'
        $byType['Deserialized.PoetryReactor.Objects.ReactorConnection'].State | Should -Be 'Connected', 'Connected'
        $byType['Deserialized.PoetryReactor.Objects.ReactorInfo'][0].State | Should -Be 'Running'
    }

    It 'one Get-Poetry on the first host fetches every other host''s poem whole, from the servers as they came back' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        Assert-Step 'fetch'
        $Facts.Fetch.Errors | Should -BeNullOrEmpty
        $Facts.Fetch.Poems.Count | Should -Be 2
        foreach ($i in 0, 1) {
            $poem = $Facts.Fetch.Poems | Where-Object Address -EQ $Facts.Servers[$i].Address
            $poem.Complete | Should -BeTrue
            $poem.Text | Should -BeExactly $Hosts[$i].Text
        }
    }

    It 'Invoke-Command -ThrottleLimit fans Get-Poetry out; the poems come back merged, each with its PSComputerName' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        Assert-Step 'fan-out'
        $Facts.FanOut.Errors | Should -BeNullOrEmpty
        $Facts.FanOut.Poems.Count | Should -Be 4
        $Facts.FanOut.Poems.TypeName | Sort-Object -Unique | Should -Be 'Deserialized.PoetryReactor.Poem'
        $Facts.FanOut.Table.Header | Should -Be (Get-ViewHeader 'PoetryReactor.Poem')
        foreach ($fetcher in $Hosts) {
            $mine = @($Facts.FanOut.Poems | Where-Object Computer -EQ $fetcher.Ip)
            $mine.Count | Should -Be 2 -Because "$($fetcher.Name) fetched from both hosts"
            foreach ($i in 0, 1) {
                $poem = $mine | Where-Object Address -EQ $Facts.Servers[$i].Address
                $poem.Complete | Should -BeTrue
                $poem.Text | Should -BeExactly $Hosts[$i].Text
            }
        }
    }

    It 'a link cut mid-poem gives an incomplete poem and a PoetryTimeout within the timeout; the other host''s poem is whole' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        Assert-Step 'cut'
        $cut = $Facts.Cut
        $cut.Seconds | Should -BeLessThan ($cut.TimeoutSec + 8) -Because 'a dead link ends in a timeout, not a hang'
        $partial = $cut.Poems | Where-Object Address -EQ $cut.Address
        $partial.Complete | Should -BeFalse
        $partial.Bytes | Should -BeGreaterOrEqual 32
        $partial.Bytes | Should -BeLessThan ([Text.Encoding]::UTF8.GetByteCount($Hosts[0].Text))
        $whole = $cut.Poems | Where-Object Address -EQ $Facts.Servers[1].Address
        $whole.Complete | Should -BeTrue
        $whole.Text | Should -BeExactly $Hosts[1].Text
        $cut.Errors.Count | Should -Be 1
        $cut.Errors[0].Id | Should -BeLike 'PoetryTimeout,*'
        $cut.Errors[0].Target | Should -Be $cut.Address
        $cut.Errors[0].Category | Should -Be 'OperationTimeout'
        $cut.Errors[0].Message | Should -BeLike "$($cut.Address): no data within $($cut.TimeoutSec) s. The partial poem ($($partial.Bytes) bytes) is in the output*"
    }

    It 'the sessions close, the one over the mended link too' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        Assert-Step 'close'
        $Facts.CloseSeconds | Should -Not -BeNullOrEmpty
        $Facts.CloseSeconds | Should -BeLessThan 30
    }

    Context 'The recipe of README.md, run as written on these hosts' {
        It 'has three blocks: sessions, fan-out and jobs' -ForEach @(@{ Count = $RecipeBlocks.Count }) {
            $Count | Should -Be 3
        }

        It 'sessions: servers on every host, and one Get-Poetry fetching from them all' {
            if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
            Assert-Step 'recipe'
            $run = $Facts.Recipe[0]
            $run.Errors | Should -BeNullOrEmpty
            $servers = @($run.Objects | Where-Object TypeName -EQ 'Deserialized.PoetryReactor.Objects.PoetryServer')
            $servers.Computer | Sort-Object | Should -Be ($Hosts.Ip | Sort-Object)
            ($run.Text -split '\r?\n' | ForEach-Object { ($_.Trim() -split '\s+') -join ' ' }) | Should -Contain (Get-ViewHeader 'PoetryReactor.Objects.PoetryServer')
            $poems = @($run.Objects | Where-Object TypeName -EQ 'PoetryReactor.Poem')
            $poems.Count | Should -Be 2
            $poems.Complete | Should -Be $true, $true
            $poems | ForEach-Object { ($_.Address -split ':')[0] } | Sort-Object | Should -Be ($Hosts.Ip | Sort-Object)
        }

        It 'fan-out: every host fetches every poem, marked with PSComputerName' {
            if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
            Assert-Step 'recipe'
            $run = $Facts.Recipe[1]
            $run.Errors | Should -BeNullOrEmpty
            $run.Poems.Count | Should -Be 4
            $run.Poems.Complete | Should -Not -Contain $false
            foreach ($h in $Hosts) { @($run.Poems | Where-Object Computer -EQ $h.Ip).Count | Should -Be 2 }
            $run.Text | Should -Match 'PSComputerName\s+TaskNumber\s+Address\s+Bytes\s+Complete'
        }

        It 'jobs: Invoke-Command -AsJob and Get-Poetry -AsJob on each host bring every poem, and the sessions end' {
            if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
            Assert-Step 'recipe'
            $run = $Facts.Recipe[2]
            $run.Errors | Should -BeNullOrEmpty
            $fromJobs = @($run.Objects | Where-Object TypeName -EQ 'Deserialized.PoetryReactor.Poem')
            $fromJobs.Count | Should -Be 4 -Because 'each host''s own job fetched both poems'
            $fromJobs.Complete | Should -Not -Contain $false
            $fromJobs.Computer | Sort-Object -Unique | Should -Be ($Hosts.Ip | Sort-Object)
            $rows = @($run.Text -split '\r?\n' | Where-Object { $_ -match '^\S+\s+\S+:\d+\s+\d+\s+True\s*$' })
            $rows.Count | Should -Be 4 -Because 'the -AsJob fan-out shows a row per host and poem'
            $run.Sessions | Sort-Object -Unique | Should -Be 'Closed'
        }
    }

    It 'the about topic carries the same recipe' {
        $about = Get-Content -Raw (Join-Path $PSScriptRoot '../../../docs/en-US/about_PoetryReactor.md')
        $indented = @($about -split '\r?\n' | Where-Object { $_ -match '^    \S' } | ForEach-Object { $_.Substring(4).TrimEnd() })
        $readme = Get-Content -Raw (Join-Path $PSScriptRoot '../../../README.md')
        $blocks = @([regex]::Matches($readme, '(?ms)^```powershell remoting[ \t]*\r?\n(.*?)^```') | ForEach-Object { $_.Groups[1].Value })
        foreach ($line in ($blocks -split '\r?\n' | Where-Object { $_.Trim() })) {
            $indented | Should -Contain $line.TrimEnd()
        }
    }
}
