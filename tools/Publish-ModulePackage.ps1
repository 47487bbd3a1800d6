<#
.SYNOPSIS
Publishes the built module as a nupkg to a local file repository, as Publish-PSResource does for a gallery.
.DESCRIPTION
Runs in a pwsh whose HOME is a temporary folder, so registering the repository leaves the user's
PSResourceGet settings alone. The module is staged without debug symbols first.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $RepositoryPath
)
$ErrorActionPreference = 'Stop'
$manifest = Test-ModuleManifest $ModulePath
$stage = Join-Path ([IO.Path]::GetTempPath()) "poetryreactor-stage-$PID"
$savedHome = $env:HOME
try {
    $module = Join-Path $stage 'PoetryReactor'
    New-Item -ItemType Directory -Path $module -Force | Out-Null
    Get-ChildItem (Split-Path $ModulePath) | Copy-Item -Destination $module -Recurse
    Get-ChildItem $module -Recurse -Include *.pdb, *.xml -File | Where-Object { $_.Name -notlike '*-Help.xml' } | Remove-Item
    if (Test-Path $RepositoryPath) { Remove-Item $RepositoryPath -Recurse -Force }
    New-Item -ItemType Directory -Path $RepositoryPath | Out-Null
    $env:HOME = Join-Path $stage 'home'
    $env:XDG_DATA_HOME = Join-Path $env:HOME '.local/share'
    # .NET names no data folder that does not exist yet, and PSResourceGet would then use the current one.
    New-Item -ItemType Directory -Path $env:XDG_DATA_HOME -Force | Out-Null
    Register-PSResourceRepository -Name PoetryReactorBuild -Uri (Resolve-Path $RepositoryPath).Path -Trusted
    Publish-PSResource -Path $module -Repository PoetryReactorBuild
    $nupkg = Get-ChildItem $RepositoryPath -Filter *.nupkg
    "Published $($nupkg.Name) ($([math]::Round($nupkg.Length / 1KB)) KB) of PoetryReactor $($manifest.Version) to $RepositoryPath"
} finally {
    $env:HOME = $savedHome
    Remove-Item $stage -Recurse -Force -ErrorAction Ignore
}
