param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# The package as a user meets it: Install-PSResource from a repository into a clean module path, then use it.

BeforeAll {
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../../..')).Path
    $script:Repository = Join-Path $Root 'out/repository'
    $script:SkipReason = if (-not (Get-ChildItem $Repository -Filter *.nupkg -ErrorAction Ignore)) { 'no package in out/repository: build.ps1 -Task Package makes it' }
    $script:Manifest = Test-ModuleManifest $ModulePath
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
}

Describe 'The manifest and the files around it' {
    It 'passes Test-ModuleManifest, with every link set and the tested systems tagged' {
        $Manifest.Version | Should -BeGreaterThan ([version] '0.0.0')
        $Manifest.ProjectUri | Should -Not -BeNullOrEmpty
        $Manifest.LicenseUri | Should -Not -BeNullOrEmpty
        $Manifest.HelpInfoUri | Should -Not -BeNullOrEmpty
        $Manifest.Tags | Should -Contain 'PSEdition_Core'
        $Manifest.Tags | Should -Contain 'Linux'
        $Manifest.CompatiblePSEditions | Should -Be 'Core'
    }

    It 'has the version of the newest CHANGELOG section, and its text as ReleaseNotes' {
        $changelog = Get-Content -Raw (Join-Path $Root 'CHANGELOG.md')
        $newest = [regex]::Match($changelog, '(?m)^## \[(?<v>[^\]]+)\]').Groups['v'].Value
        "$($Manifest.Version)" | Should -Be $newest
        $Manifest.ReleaseNotes | Should -BeLike '### Added*'
        (Get-Content -Raw (Join-Path $Root 'Directory.Build.props')) | Should -Match "<Version>$([regex]::Escape($newest))</Version>"
    }

    It 'ships an MIT LICENSE' {
        Get-Content -Raw (Join-Path $Root 'LICENSE') | Should -Match '^MIT License'
    }

    It 'gives every cmdlet a HelpUri that is its page in the repository' {
        foreach ($command in Get-Command -Module PoetryReactor -CommandType Cmdlet) {
            $command.HelpUri | Should -Be "$($Manifest.ProjectUri)/blob/main/docs/en-US/$($command.Name).md"
            Join-Path $Root "docs/en-US/$($command.Name).md" | Should -Exist
        }
    }
}

Describe 'Install-PSResource' {
    BeforeEach { if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason } }

    It 'installs the nupkg into a clean module path, and the installed copy serves and fetches a poem' {
        $userHome = Join-Path $TestDrive 'home'
        # .NET names no data folder that does not exist yet, and PSResourceGet would then use the current one.
        New-Item -ItemType Directory -Path "$userHome/.local/share" -Force | Out-Null
        $nupkg = Get-ChildItem $Repository -Filter *.nupkg
        $nupkg.Name | Should -Be "PoetryReactor.$($Manifest.Version).nupkg"
        $self = [Environment]::ProcessPath
        $pwsh = @($self) + @(if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
        # The README's install block, as written, with its feed pointed at the package just built.
        $install = (Get-FencedBlock (Get-Content -Raw (Join-Path $Root 'README.md')) | Where-Object Info -EQ 'powershell install').Code
        $install | Should -Match 'Install-PSResource PoetryReactor'
        $install = $install.Replace('./out/repository', "'$Repository'")
        $script = @"
`$ErrorActionPreference = 'Stop'
$install
"@ + @'

Import-Module PoetryReactor
"BASE=$((Get-Module PoetryReactor).ModuleBase)"
"FILES=$((Get-ChildItem -Recurse -File (Get-Module PoetryReactor).ModuleBase).Name -join ',')"
$poem = Start-PoetryServer science -Delay 0 | Get-Poetry
"POEM=$($poem.Complete) $($poem.Bytes)"
Get-PoetryServer | Stop-PoetryServer
'@
        $out = & env "HOME=$userHome" "XDG_DATA_HOME=$userHome/.local/share" @pwsh -NoProfile -NonInteractive -Command $script 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $base = ($out | Where-Object { "$_" -like 'BASE=*' }) -replace '^BASE='
        $base | Should -BeLike "$userHome/.local/share/powershell/Modules/PoetryReactor/*" -Because 'the installed copy, not out/, is imported'
        $files = (($out | Where-Object { "$_" -like 'FILES=*' }) -replace '^FILES=') -split ','
        $files | Should -Contain 'PoetryReactor.dll'
        $files | Should -Contain 'PoetryReactor.dll-Help.xml'
        $files | Should -Contain 'science.txt'
        $files | Where-Object { $_ -like '*.pdb' -or $_ -like '*Tests*' } | Should -BeNullOrEmpty
        ($out | Where-Object { "$_" -like 'POEM=*' }) | Should -Be 'POEM=True 222'
    }
}
