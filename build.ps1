<#
.SYNOPSIS
Builds, tests, documents, benchmarks and demonstrates PoetryReactor.

.DESCRIPTION
Tasks run in the order given. Each task brings what it needs: Test builds first,
Build bootstraps the tools first.

  Bootstrap   restores the repo-local tools (PowerShell) and downloads Pester. Idempotent.
  Build       Release build; assembles the importable module in out/PoetryReactor/.
  Docs        compiles docs/en-US/*.md into MAML help and about topics in out/PoetryReactor/en-US/.
  DocsUpdate  adds pages and parameter sections for new cmdlets and parameters, keeping what is written.
  Test        Build, then xunit, then Pester in a fresh pwsh against out/PoetryReactor.
              Results go to out/test-results/; a line per skipped test names it and its reason,
              and the last line is 'N passed, N failed, N skipped'.
  Bench       runs the benchmarks and writes docs/performance.md.
  Demo        the main job: what PoetryReactor does, on this machine, in a minute.
  Package     Release build, Test-ModuleManifest, and PoetryReactor.<version>.nupkg published to the
              local file repository out/repository (Install-PSResource installs from it).
  Soak        -Minutes of mixed load in one pwsh (tools/Soak.ps1): a line a minute, then PASS or FAIL.
              Not part of Test. The table goes to out/soak.md.

.PARAMETER Task
One or more tasks to run, in order.

.PARAMETER Configuration
The build configuration. Release unless told otherwise.

.PARAMETER Quick
For Bench: fewer and shorter rounds.

.PARAMETER Minutes
For Soak: how long to run.

.PARAMETER TestTimeoutMinutes
For Test: the bound on each test run (xunit, Pester); a run past it is killed and fails.

.EXAMPLE
./build.ps1 -Task Test

.EXAMPLE
./build.ps1 -Task Build, Demo
#>
[CmdletBinding()]
param(
    [ValidateSet('Bootstrap', 'Build', 'Docs', 'DocsUpdate', 'Test', 'Bench', 'Demo', 'Soak', 'Package')]
    [string[]] $Task = 'Build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    [switch] $Quick,

    [ValidateRange(0.1, 1440)]
    [double] $Minutes = 10,

    [ValidateRange(1, 60)]
    [int] $TestTimeoutMinutes = 8
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'PoetryReactor'
$ResultsDir = Join-Path $Out 'test-results'
$PesterVersion = '5.7.1'
$PesterPsd1 = Join-Path $Root ".tools/pkgs/pester/$PesterVersion/tools/Pester.psd1"
$Solution = Join-Path $Root 'PoetryReactor.slnx'
# What the tests drive, and the Debian package that brings it: a real terminal, network namespaces,
# SSH hosts, Chromium, and the real peers (the tutorial's Python, Twisted, socat, curl, openssl,
# netcat, logger). Test installs what is missing; on a machine where it cannot, those tests skip.
$TestPackages = [ordered]@{
    tmux = 'tmux'; ip = 'iproute2'; chromium = 'chromium'; sshd = 'openssh-server'; ssh = 'openssh-client'; 'ssh-keygen' = 'openssh-client'
    python3 = 'python3'; 'python3:twisted' = 'python3-twisted'; 'python3:OpenSSL' = 'python3-openssl'
    'python3:service_identity' = 'python3-service-identity'
    socat = 'socat'; curl = 'curl'; openssl = 'openssl'; nc = 'netcat-openbsd'; logger = 'bsdutils'; strace = 'strace'
}

. (Join-Path $Root 'tools/BuildHelpers.ps1')

function Invoke-Bootstrap {
    Invoke-Native dotnet tool restore
    if (-not (Test-Path $PesterPsd1)) {
        Invoke-Native dotnet package download "Pester@$PesterVersion" --output (Join-Path $Root '.tools/pkgs')
    }
    if (-not (Test-Path $PesterPsd1)) { throw "Pester $PesterVersion was not found at $PesterPsd1 after download." }
}

function Invoke-Build([switch] $SkipDocs) {
    Invoke-Bootstrap
    # PoetryPSHome: the module is precompiled against this PowerShell (src/PoetryReactor/PoetryReactor.csproj).
    Invoke-Native dotnet build $Solution -c $Configuration --nologo -v q "-p:PoetryPSHome=$PSHOME"
    New-Item -ItemType Directory -Force -Path (Join-Path $Root 'docs/en-US') | Out-Null
    $bin = Join-Path $Root "src/PoetryReactor/bin/$Configuration/net8.0"
    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    New-Item -ItemType Directory -Path $ModuleOut | Out-Null
    Get-ChildItem $bin -File | Where-Object Extension -in '.dll', '.pdb', '.json' |
        Copy-Item -Destination $ModuleOut
    Copy-Item (Join-Path $Root 'module/*') -Destination $ModuleOut -Recurse
    Set-ManifestRelease -Path (Join-Path $ModuleOut 'PoetryReactor.psd1')
    if (-not $SkipDocs) { Invoke-Docs -NoBuild }
    Write-Host "Module assembled in $ModuleOut"
}

function Get-ModuleVersion {
    # The one place the version is set: <Version> in Directory.Build.props (assemblies and manifest alike).
    ([xml] (Get-Content -Raw (Join-Path $Root 'Directory.Build.props'))).Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
}

function Get-ReleaseNote {
    # The newest section of CHANGELOG.md: its version and its text.
    $text = Get-Content -Raw (Join-Path $Root 'CHANGELOG.md')
    $m = [regex]::Match($text, '(?ms)^## \[(?<version>[^\]]+)\][^\n]*\n(?<body>.*?)(?=^## \[|^\[[^\]]+\]: |\z)')
    if (-not $m.Success) { throw 'CHANGELOG.md has no "## [version]" section.' }
    [pscustomobject]@{ Version = $m.Groups['version'].Value; Text = $m.Groups['body'].Value.Trim() }
}

function Set-ManifestRelease([string] $Path) {
    # Stamps the built manifest with the version and the newest CHANGELOG section, which must agree.
    $version = Get-ModuleVersion
    $note = Get-ReleaseNote
    if ($note.Version -ne $version) { throw "CHANGELOG.md's newest version is $($note.Version), Directory.Build.props says ${version}: they must agree." }
    $text = Get-Content -Raw $Path
    $text = $text.Replace("ModuleVersion        = '0.0.0'", "ModuleVersion        = '$version'")
    $text = $text.Replace("ReleaseNotes = ''", "ReleaseNotes = '$($note.Text.Replace("'", "''"))'")
    [IO.File]::WriteAllText($Path, $text, [Text.UTF8Encoding]::new($false))
}

function Export-CommandMetadata {
    # Get-Command's view of the built module, in a fresh pwsh (the dll may be new), as JSON.
    $json = Join-Path $Out 'commands.json'
    $pwsh = Get-PwshCommand
    Invoke-Native @pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'src/PoetryReactor.HelpBuilder/Export-CommandMetadata.ps1') `
        -ModulePath (Join-Path $ModuleOut 'PoetryReactor.psd1') -OutFile $json
    $json
}

function Invoke-Docs([switch] $NoBuild) {
    if (-not $NoBuild -and -not (Test-Path (Join-Path $ModuleOut 'PoetryReactor.psd1'))) { Invoke-Build; return }
    # Pages are held to the commands: a missing page, parameter, set or setting fails the build.
    $json = Export-CommandMetadata
    $builder = Join-Path $Root "src/PoetryReactor.HelpBuilder/bin/$Configuration/net10.0/PoetryReactor.HelpBuilder.dll"
    Invoke-Native dotnet $builder build --docs (Join-Path $Root 'docs/en-US') --out (Join-Path $ModuleOut 'en-US') `
        --module PoetryReactor --assembly PoetryReactor.dll --metadata $json
}

function Invoke-DocsUpdate {
    Invoke-Build -SkipDocs
    $pwsh = Get-PwshCommand
    Invoke-Native @pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tools/Update-ErrorTopic.ps1') `
        -ModulePath (Join-Path $ModuleOut 'PoetryReactor.psd1')
    $json = Export-CommandMetadata
    $builder = Join-Path $Root "src/PoetryReactor.HelpBuilder/bin/$Configuration/net10.0/PoetryReactor.HelpBuilder.dll"
    Invoke-Native dotnet $builder update --docs (Join-Path $Root 'docs/en-US') --metadata $json
}

function Invoke-Test {
    Invoke-Build
    Invoke-Package -NoBuild
    Install-DebianPackage $TestPackages
    if (Test-Path $ResultsDir) { Remove-Item $ResultsDir -Recurse -Force }
    New-Item -ItemType Directory -Path $ResultsDir | Out-Null
    $timeout = [timespan]::FromMinutes($TestTimeoutMinutes)

    Write-Host '== xunit =='
    # TRX beside JUnit: xunit's JUnit logger leaves out why a test was skipped; TRX keeps it.
    $xunitExit = Invoke-Child -TimeoutSpan $timeout -FilePath dotnet -ArgumentList @(
        'test', $Solution, '-c', $Configuration, '--no-build', '--nologo',
        '--logger', "junit;LogFilePath=$ResultsDir/{assembly}.junit.xml",
        '--logger', 'trx;LogFilePrefix=xunit', '--results-directory', $ResultsDir,
        '--blame-hang-timeout', '5m')
    $xunit = Get-JUnitCount -Path (Get-ChildItem $ResultsDir -Filter '*.junit.xml').FullName

    Write-Host '== Pester (fresh pwsh) =='
    $pwsh = Get-PwshCommand
    $pesterExit = Invoke-Child -TimeoutSpan $timeout -FilePath $pwsh[0] -ArgumentList (@($pwsh | Select-Object -Skip 1) + @(
        '-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tests/Invoke-PesterSuite.ps1'),
        '-ModulePath', (Join-Path $ModuleOut 'PoetryReactor.psd1'), '-PesterPath', $PesterPsd1,
        '-ResultPath', (Join-Path $ResultsDir 'pester.junit.xml'), '-SkipListPath', (Join-Path $ResultsDir 'pester.skipped.json')))
    $pester = Get-JUnitCount -Path (Join-Path $ResultsDir 'pester.junit.xml')

    # The poetry suite once more on the portable backend: every reactor the module and its clients make
    # honours POETRYREACTOR_BACKEND, so this is the path a system without epoll takes.
    Write-Host '== the poetry suite again on the Select backend (xunit, then Pester) =='
    $env:POETRYREACTOR_BACKEND = 'Select'
    try {
        $portableXunitExit = Invoke-Child -TimeoutSpan $timeout -FilePath dotnet -ArgumentList @(
            'test', (Join-Path $Root 'tests/PoetryReactor.Core.Tests/PoetryReactor.Core.Tests.csproj'), '-c', $Configuration, '--no-build', '--nologo',
            '--filter', 'FullyQualifiedName~PoetryReactor.Core.Tests.Poetry',
            '--logger', "junit;LogFilePath=$ResultsDir/select/{assembly}.junit.xml",
            '--logger', 'trx;LogFilePrefix=select', '--results-directory', (Join-Path $ResultsDir 'select'))
        $portablePesterExit = Invoke-Child -TimeoutSpan $timeout -FilePath $pwsh[0] -ArgumentList (@($pwsh | Select-Object -Skip 1) + @(
            '-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tests/Invoke-PesterSuite.ps1'),
            '-ModulePath', (Join-Path $ModuleOut 'PoetryReactor.psd1'), '-PesterPath', $PesterPsd1, '-Area', 'Poetry',
            '-ResultPath', (Join-Path $ResultsDir 'select/pester.junit.xml'), '-SkipListPath', (Join-Path $ResultsDir 'select/pester.skipped.json')))
    } finally {
        Remove-Item Env:POETRYREACTOR_BACKEND
    }
    $portable = Get-JUnitCount -Path (Get-ChildItem (Join-Path $ResultsDir 'select') -Filter '*.junit.xml' -ErrorAction Ignore).FullName
    if (($portableXunitExit -ne 0 -or $portablePesterExit -ne 0) -and $portable.Failed -eq 0) { $portable.Failed++ }
    Write-Host "on Select: $($portable.Passed) passed, $($portable.Failed) failed, $($portable.Skipped) skipped"

    $passed = $xunit.Passed + $pester.Passed + $portable.Passed
    $failed = $xunit.Failed + $pester.Failed + $portable.Failed
    $skipped = $xunit.Skipped + $pester.Skipped + $portable.Skipped
    # A runner that died or timed out without reporting is a failure too.
    if ($xunitExit -ne 0 -and $xunit.Failed -eq 0) { $failed++ ; Write-Host "xunit exited with $xunitExit." }
    if ($pesterExit -ne 0 -and $pester.Failed -eq 0) { $failed++ ; Write-Host "Pester exited with $pesterExit." }
    Write-Host ("xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped; " +
        "Pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped")
    $skips = @(
        Get-JUnitSkip -Runner xunit -Path (Get-ChildItem $ResultsDir -Filter '*.junit.xml' | Where-Object Name -NE 'pester.junit.xml').FullName `
            -TrxPath (Get-ChildItem $ResultsDir -Filter '*.trx').FullName
        Get-JUnitSkip -Runner Pester -Path (Join-Path $ResultsDir 'pester.junit.xml') -SkipListPath (Join-Path $ResultsDir 'pester.skipped.json') -Root $Root)
    foreach ($s in $skips) {
        Write-Host "skipped: [$($s.Runner)] $($s.Test) ($($s.Where)) -- $(if ($s.Reason) { $s.Reason } else { 'no reason given' })"
    }
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Bench {
    Invoke-Build
    $script = Join-Path $Root 'tests/Benchmarks/Invoke-Benchmarks.ps1'
    if (-not (Test-Path $script)) { throw "No benchmark driver at $script." }
    & $script -Root $Root -Configuration $Configuration -Quick:$Quick
    & (Join-Path $Root 'tests/Benchmarks/Measure-Workers.ps1') -Root $Root -Quick:$Quick
    & (Join-Path $Root 'tests/Benchmarks/Measure-Udp.ps1') -Root $Root -Quick:$Quick
}

function Invoke-Demo {
    Invoke-Build
    $pwsh = Get-PwshCommand
    $exit = Invoke-Child -TimeoutSpan ([timespan]::FromMinutes(5)) -FilePath $pwsh[0] -ArgumentList (@($pwsh | Select-Object -Skip 1) + @(
        '-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tools/Demo.ps1'), '-ModulePath', (Join-Path $ModuleOut 'PoetryReactor.psd1')))
    if ($exit -ne 0) { throw "The demo failed (exit $exit)." }
}

function Invoke-Package([switch] $NoBuild) {
    # Release build, Test-ModuleManifest, then PoetryReactor.<version>.nupkg into a local repository in out/.
    if (-not $NoBuild) { Invoke-Build }
    $pwsh = Get-PwshCommand
    Invoke-Native @pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tools/Publish-ModulePackage.ps1') `
        -ModulePath (Join-Path $ModuleOut 'PoetryReactor.psd1') -RepositoryPath (Join-Path $Out 'repository')
}

function Invoke-Soak {
    Invoke-Build
    $pwsh = Get-PwshCommand
    $exit = Invoke-Child -TimeoutSpan ([timespan]::FromMinutes($Minutes + 5)) -FilePath $pwsh[0] -ArgumentList (@($pwsh | Select-Object -Skip 1) + @(
        '-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tools/Soak.ps1'), '-ModulePath', (Join-Path $ModuleOut 'PoetryReactor.psd1'),
        '-Minutes', $Minutes, '-OutFile', (Join-Path $Out 'soak.md')))
    if ($exit -ne 0) { throw "The soak failed (exit $exit)." }
}

Push-Location $Root
try {
    foreach ($t in $Task) {
        Write-Host "=== $t ===" -ForegroundColor Cyan
        & "Invoke-$t"
    }
} finally {
    Pop-Location
}
