param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# Two hosts for real: network namespaces joined to this one by veth pairs, a poetry server in each
# (a child pwsh under `ip netns exec`). Cutting one link mid-poem must time that task out and
# leave the other whole. Needs root and `ip netns`; skipped with the reason otherwise.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')

    $script:SkipReason = $null
    if ((& id -u) -ne '0') { $script:SkipReason = 'needs root to create network namespaces' }
    elseif (-not (Get-Command ip -ErrorAction Ignore)) { $script:SkipReason = 'the ip command (iproute2) is not installed' }
    else {
        $probe = "prprobe$PID"
        & ip netns add $probe 2>&1 | Out-Null
        if ($LASTEXITCODE -ne 0) { $script:SkipReason = '`ip netns add` is not permitted here' }
        else {
            & ip -n $probe link add "prq$($PID % 100000)" type veth peer name "prr$($PID % 100000)" 2>&1 | Out-Null
            if ($LASTEXITCODE -ne 0) { $script:SkipReason = 'veth links cannot be created here' }
            & ip netns del $probe 2>&1 | Out-Null
        }
    }

    # Names and subnets unique to this process, so parallel runs do not meet.
    $id = $PID % 100000
    $octet2 = 100 + ($PID -shr 8) % 100
    $octet3 = $PID % 256
    $script:Hosts = foreach ($n in 0, 1) {
        [pscustomobject]@{
            Namespace = "prns$id-$n"
            HostLink  = "prh$id$n"
            PeerLink  = "prp$id$n"
            HostIp    = "10.$octet2.$octet3.$(4 * $n + 1)"
            PeerIp    = "10.$octet2.$octet3.$(4 * $n + 2)"
            Text      = "Poem from host $n, sent slowly over its own link.`n" * 8
            Process   = $null
            Address   = $null
        }
    }
    $script:Created = [Collections.Generic.List[string]]::new()
}

AfterAll {
    Reset-ReactorState
    foreach ($h in $Hosts) {
        if ($h.Process) {
            if (-not $h.Process.HasExited) { $h.Process.Kill($true); $null = $h.Process.WaitForExit(10000) }
            $h.Process.Dispose()
        }
    }
    # Deleting a namespace deletes the veth pair inside it; the host end goes with it.
    foreach ($ns in $Created) { & ip netns del $ns 2>&1 | Out-Null }
    foreach ($h in $Hosts) { & ip link del $h.HostLink 2>&1 | Out-Null }
}

Describe 'Poetry across network namespaces' {
    It 'fetches from two hosts; cutting one link mid-poem times that task out and the other completes' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $pwsh = @(Get-PwshCommand)
        foreach ($h in $Hosts) {
            Invoke-Ip netns add $h.Namespace
            $Created.Add($h.Namespace)
            Invoke-Ip link add $h.HostLink type veth peer name $h.PeerLink
            Invoke-Ip link set $h.PeerLink netns $h.Namespace
            Invoke-Ip addr add "$($h.HostIp)/30" dev $h.HostLink
            Invoke-Ip link set $h.HostLink up
            Invoke-Ip -n $h.Namespace addr add "$($h.PeerIp)/30" dev $h.PeerLink
            Invoke-Ip -n $h.Namespace link set $h.PeerLink up
            Invoke-Ip -n $h.Namespace link set lo up

            $poem = New-PoemFile -Name $h.Namespace -Text $h.Text
            $psi = [Diagnostics.ProcessStartInfo]::new('ip')
            foreach ($a in @('netns', 'exec', $h.Namespace) + $pwsh + @(
                    '-NoProfile', '-NonInteractive', '-Command',
                    "Import-Module '$ModulePath'; (Start-PoetryServer -Path '$poem' -Interface $($h.PeerIp) -ChunkSize 16 -Delay 0.05).Port; Wait-Reactor")) {
                $psi.ArgumentList.Add($a)
            }
            $psi.RedirectStandardOutput = $true
            $psi.UseShellExecute = $false
            $h.Process = [Diagnostics.Process]::Start($psi)
        }
        foreach ($h in $Hosts) {
            $line = $h.Process.StandardOutput.ReadLineAsync()
            $line.Wait([timespan]::FromSeconds(30)) | Should -BeTrue -Because "the server in $($h.Namespace) reports its port"
            $h.Address = "$($h.PeerIp):$($line.Result)"
        }
        $cut = $Hosts[0]
        $whole = $Hosts[1]
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $out = Get-Poetry $cut.Address, $whole.Address -TimeoutSec 1 -IncludeChunk -ErrorVariable err -ErrorAction SilentlyContinue |
            ForEach-Object {
                if ($_ -is [PoetryReactor.Core.Poetry.Clients.ChunkEvent] -and $_.Address -eq $cut.Address -and $_.TotalBytes -ge 32) {
                    & ip link set $cut.HostLink down   # mid-poem: the link goes, nothing more arrives
                }
                $_
            }
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 20
        $poems = $out | Where-Object { $_ -is [PoetryReactor.Core.Poetry.Clients.Poem] }
        ($poems | Where-Object Address -EQ $whole.Address).Text | Should -BeExactly $whole.Text
        ($poems | Where-Object Address -EQ $whole.Address).Complete | Should -BeTrue
        $partial = $poems | Where-Object Address -EQ $cut.Address
        $partial.Complete | Should -BeFalse
        $partial.Bytes | Should -BeGreaterOrEqual 32
        $partial.Bytes | Should -BeLessThan ([Text.Encoding]::UTF8.GetByteCount($cut.Text))
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PoetryTimeout,*'
        $err[0].TargetObject | Should -Be $cut.Address
    }
}
