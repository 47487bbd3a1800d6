<#
.SYNOPSIS
    Writes the metadata of a module's commands as JSON for the help builder.

.DESCRIPTION
    Imports the module at -ModulePath and writes, for each exported cmdlet and function, its
    parameter sets and its parameters (type, aliases, accepted values, and per set: position,
    mandatory, pipeline input). Common parameters are left out. The help builder's 'update'
    command turns this into markdown pages; 'build --metadata' checks pages against it.
    Output is deterministic: commands sorted by name, parameters in declaration order.

.EXAMPLE
    dotnet pwsh -NoProfile -File Export-CommandMetadata.ps1 -ModulePath out/PoetryReactor/PoetryReactor.psd1 -OutFile out/commands.json
#>
[CmdletBinding()]
param(
    # The module manifest (.psd1) or module file to import.
    [Parameter(Mandatory)]
    [string] $ModulePath,

    # Where to write the JSON.
    [Parameter(Mandatory)]
    [string] $OutFile
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

# Short name as PlatyPS writes it (String[], Dictionary[String, Object]); a nullable shows its value type.
function Get-FriendlyTypeName([type] $Type, [switch] $Full) {
    if ($Type.IsArray) { return (Get-FriendlyTypeName $Type.GetElementType() -Full:$Full) + '[]' }
    if ($Type.IsGenericType) {
        $arguments = @($Type.GetGenericArguments() | ForEach-Object { Get-FriendlyTypeName $_ -Full:$Full })
        if ($Type.GetGenericTypeDefinition() -eq [Nullable`1]) { return $arguments[0] }
        $name = if ($Full) { $Type.Namespace + '.' + $Type.Name } else { $Type.Name }
        return $name.Substring(0, $name.IndexOf('`')) + '[' + ($arguments -join ', ') + ']'
    }
    if ($Full -and $Type.FullName) { return $Type.FullName }
    return $Type.Name
}

function Get-AcceptedValues([System.Management.Automation.ParameterMetadata] $Parameter) {
    $set = $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
    if ($set) { return @($set.ValidValues) }
    $type = $Parameter.ParameterType
    if ($type.IsArray) { $type = $type.GetElementType() }
    $type = [Nullable]::GetUnderlyingType($type) ?? $type
    if ($type.IsEnum) { return @([Enum]::GetNames($type)) }
    return @()
}

# A cmdlet names its help file; a function names it in a '.ExternalHelp' comment.
function Get-HelpFileName([System.Management.Automation.CommandInfo] $Command) {
    if ($Command.HelpFile) { return Split-Path -Leaf $Command.HelpFile }
    if ($Command -is [System.Management.Automation.FunctionInfo]) {
        $ast = $Command.ScriptBlock.Ast
        if ($ast -isnot [System.Management.Automation.Language.FunctionDefinitionAst]) { $ast = $ast.Parent }
        if ($ast -is [System.Management.Automation.Language.FunctionDefinitionAst]) {
            $file = $ast.GetHelpContent()?.MamlHelpFile
            if ($file) { return Split-Path -Leaf $file }
        }
    }
    return $null
}

$module = Import-Module -Name $ModulePath -PassThru -Force | Select-Object -First 1
$common = [System.Management.Automation.Cmdlet]::CommonParameters

$commands = foreach ($command in $module.ExportedCommands.Values | Where-Object CommandType -In 'Cmdlet', 'Function' | Sort-Object Name) {
    $parameters = foreach ($parameter in $command.Parameters.Values | Where-Object { $_.Name -notin $common }) {
        $sets = foreach ($entry in $parameter.ParameterSets.GetEnumerator() | Sort-Object Key) {
            [ordered] @{
                name                            = $entry.Key
                position                        = if ($entry.Value.Position -eq [int]::MinValue) { $null } else { $entry.Value.Position }
                mandatory                       = $entry.Value.IsMandatory
                valueFromPipeline               = $entry.Value.ValueFromPipeline
                valueFromPipelineByPropertyName = $entry.Value.ValueFromPipelineByPropertyName
            }
        }
        [ordered] @{
            name           = $parameter.Name
            type           = Get-FriendlyTypeName $parameter.ParameterType
            typeFullName   = Get-FriendlyTypeName $parameter.ParameterType -Full
            isSwitch       = $parameter.SwitchParameter
            aliases        = @($parameter.Aliases | Sort-Object)
            acceptedValues = @(Get-AcceptedValues $parameter)
            sets           = @($sets)
        }
    }
    [ordered] @{
        name                = $command.Name
        helpFile            = Get-HelpFileName $command
        defaultParameterSet = $command.DefaultParameterSet
        cmdletBinding       = $command -is [System.Management.Automation.CmdletInfo] -or $command.CmdletBinding
        parameterSets       = @($command.ParameterSets.Name)
        parameters          = @($parameters)
        outputTypes         = @($command.OutputType | ForEach-Object { $_.Name } | Sort-Object -Unique)
    }
}

$json = [ordered] @{ module = $module.Name; commands = @($commands) } | ConvertTo-Json -Depth 10
$path = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($OutFile)
[System.IO.File]::WriteAllText($path, $json + "`n", [System.Text.UTF8Encoding]::new($false))
