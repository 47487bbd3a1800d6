@{
    RootModule           = 'PoetryReactor.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = 'b6b06334-b34a-4b10-a420-7904397e41b7'
    Author               = 'PoetryReactor contributors'
    CompanyName          = 'PoetryReactor'
    Copyright            = '(c) PoetryReactor contributors. MIT License.'
    Description          = 'A Twisted-style reactor (event loop) for PowerShell, with slow poetry servers and clients in every model: blocking, threaded, select and reactor.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    RequiredAssemblies   = @('PoetryReactor.Core.dll')
    FormatsToProcess     = @('PoetryReactor.format.ps1xml')
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
    PrivateData          = @{
        PSData = @{
            Tags       = @('Reactor', 'EventLoop', 'Twisted', 'Async', 'Networking', 'Poetry')
            ProjectUri = ''
        }
    }
}
