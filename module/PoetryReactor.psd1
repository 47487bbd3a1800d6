@{
    RootModule           = 'PoetryReactor.dll'
    # Stamped by build.ps1 from <Version> in Directory.Build.props, the one place the version is set.
    ModuleVersion        = '0.0.0'
    GUID                 = 'b6b06334-b34a-4b10-a420-7904397e41b7'
    Author               = 'PoetryReactor contributors'
    CompanyName          = 'PoetryReactor'
    Copyright            = '(c) PoetryReactor contributors. MIT License.'
    Description          = 'A Twisted-style reactor (event loop) for PowerShell, with slow poetry servers and clients in every model: blocking, threaded, select and reactor. Runs on PowerShell 7.4+ on Linux (epoll), and on other systems with the portable Select backend.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    RequiredAssemblies   = @('PoetryReactor.Core.dll')
    FormatsToProcess     = @('PoetryReactor.format.ps1xml')
    TypesToProcess       = @('PoetryReactor.types.ps1xml')
    CmdletsToExport      = @(
        'Connect-ReactorClient'
        'Disconnect-ReactorConnection'
        'Export-PoetryTimeline'
        'Get-Poetry'
        'Get-PoetryPoem'
        'Get-PoetryServer'
        'Get-Reactor'
        'Get-ReactorCall'
        'Get-ReactorCallback'
        'Get-ReactorConnection'
        'Get-ReactorListener'
        'Invoke-ReactorLater'
        'Invoke-ReactorWorker'
        'Measure-PoetryModel'
        'Receive-ReactorOutput'
        'Register-ReactorCallback'
        'Start-PoetryServer'
        'Start-Reactor'
        'Start-ReactorListener'
        'Step-ReactorClock'
        'Stop-PoetryServer'
        'Stop-Reactor'
        'Stop-ReactorCall'
        'Stop-ReactorListener'
        'Unregister-ReactorCallback'
        'Wait-Reactor'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    HelpInfoURI          = 'https://github.com/PoetryReactor/PoetryReactor/tree/main/docs/en-US'
    PrivateData          = @{
        PSData = @{
            Tags         = @('Reactor', 'EventLoop', 'Twisted', 'Async', 'Networking', 'Poetry', 'PSEdition_Core', 'Linux')
            ProjectUri   = 'https://github.com/PoetryReactor/PoetryReactor'
            LicenseUri   = 'https://github.com/PoetryReactor/PoetryReactor/blob/main/LICENSE'
            # Stamped by build.ps1 from the newest section of CHANGELOG.md.
            ReleaseNotes = ''
        }
    }
}
