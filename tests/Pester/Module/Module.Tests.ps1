param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# The built module as PowerShell loads it: its manifest, what it exports, where its assemblies come from.

BeforeAll {
    $script:manifest = Import-PowerShellDataFile $ModulePath
    $script:module = Import-Module $ModulePath -PassThru -Force
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
}

Describe 'The built module' {
    It 'imports from out/PoetryReactor' {
        $module.Name | Should -Be 'PoetryReactor'
        $module.ModuleBase | Should -Be (Split-Path $ModulePath -Parent)
        $module.Version | Should -Be ([version]$manifest.ModuleVersion)
    }

    It 'exports exactly the cmdlets its manifest lists' {
        $exported = @($module.ExportedCmdlets.Keys | Sort-Object)
        $listed = @($manifest.CmdletsToExport | Sort-Object)
        $exported | Should -Be $listed
        @($module.ExportedFunctions.Keys) | Should -BeNullOrEmpty
    }

    It "loads its core assembly from beside it" {
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'PoetryReactor.Core' }
        $core | Should -Not -BeNullOrEmpty
        $core.Location | Should -BeLike "$($module.ModuleBase)*"
    }
}
