param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# What Import-Clixml gives back is a Deserialized.* property bag, and so is what remoting gives back
# (the same serializer, one level shallower: depth 1 where Export-Clixml uses 2). Each object the
# module emits must keep every property a user reads and show the module's table, not a default one.

BeforeDiscovery {
    # Kind: the object made in BeforeAll. Volatile: properties and columns that move by themselves
    # (a live object recomputes them, a deserialized one keeps the value it was saved with).
    # Enums: the properties that are enumerations. SecondsOnly: time columns that remoting's text
    # keeps to the second.
    # Untag: the object as a C# host would serialize it, without the module's type name in front.
    $Cases = @(
        @{ Name = 'Poem'; Kind = 'Poem'; TypeName = 'PoetryReactor.Poem'; Untag = $false; Volatile = @(); Enums = @('Mode'); SecondsOnly = @() }
        @{ Name = 'IncompletePoem'; Kind = 'IncompletePoem'; TypeName = 'PoetryReactor.Poem'; Untag = $false; Volatile = @(); Enums = @('Mode'); SecondsOnly = @() }
        @{ Name = 'Core Poem'; Kind = 'Poem'; TypeName = 'PoetryReactor.Core.Poetry.Clients.Poem'; Untag = $true; Volatile = @(); Enums = @('Mode'); SecondsOnly = @() }
        @{ Name = 'ChunkEvent'; Kind = 'ChunkEvent'; TypeName = 'PoetryReactor.Core.Poetry.Clients.ChunkEvent'; Untag = $false; Volatile = @(); Enums = @(); SecondsOnly = @('Timestamp') }
        @{ Name = 'PoetryServer'; Kind = 'PoetryServer'; TypeName = 'PoetryReactor.Objects.PoetryServer'; Untag = $false; Volatile = @(); Enums = @('Mode', 'State'); SecondsOnly = @() }
        @{ Name = 'PoemInfo'; Kind = 'PoemInfo'; TypeName = 'PoetryReactor.Core.Poetry.PoemInfo'; Untag = $false; Volatile = @(); Enums = @(); SecondsOnly = @() }
        @{ Name = 'ModelMeasurement'; Kind = 'ModelMeasurement'; TypeName = 'PoetryReactor.ModelMeasurement'; Untag = $false; Volatile = @(); Enums = @('Mode'); SecondsOnly = @() }
        @{ Name = 'ReactorInfo'; Kind = 'ReactorInfo'; TypeName = 'PoetryReactor.Objects.ReactorInfo'; Untag = $false; Volatile = @(); Enums = @('State', 'Backend'); SecondsOnly = @() }
        @{ Name = 'ReactorCall'; Kind = 'ReactorCall'; TypeName = 'PoetryReactor.Objects.ReactorCall'; Untag = $false; Volatile = @('DueIn'); Enums = @('State'); SecondsOnly = @() }
        @{ Name = 'ReactorCallback'; Kind = 'ReactorCallback'; TypeName = 'PoetryReactor.Objects.ReactorCallback'; Untag = $false; Volatile = @(); Enums = @('When', 'State'); SecondsOnly = @() }
        @{ Name = 'ReactorListener'; Kind = 'ReactorListener'; TypeName = 'PoetryReactor.Objects.ReactorListener'; Untag = $false; Volatile = @(); Enums = @(); SecondsOnly = @() }
        @{ Name = 'ClientConnection'; Kind = 'ClientConnection'; TypeName = 'PoetryReactor.Objects.ReactorConnection'; Untag = $false; Volatile = @('Age'); Enums = @('Kind', 'State'); SecondsOnly = @() }
        @{ Name = 'ClosedConnection'; Kind = 'ClosedConnection'; TypeName = 'PoetryReactor.Objects.ReactorConnection'; Untag = $false; Volatile = @('Age'); Enums = @('Kind', 'State'); SecondsOnly = @() }
        @{ Name = 'ReactorEvent'; Kind = 'ReactorEvent'; TypeName = 'PoetryReactor.Callbacks.ReactorEvent'; Untag = $false; Volatile = @(); Enums = @('Name'); SecondsOnly = @('Time') }
    )
}

BeforeAll {
    Import-Module $ModulePath
    . (Join-Path $PSScriptRoot '../../PoetryTestHelpers.ps1')

    function Read-Table {
        # The header labels and the first row's cells of an object's Format-Table, cut by the
        # widths of the module's view for $TypeName (one space between columns, the last to the end).
        param([Parameter(Mandatory)] $InputObject, [Parameter(Mandatory)] [string] $TypeName)
        $columns = @(Get-TableView $TypeName)
        $lines = @(($InputObject | Format-Table | Out-String -Width 400) -split '\r?\n' | Where-Object { $_.Trim() })
        $cut = {
            param([string] $line)
            $at = 0
            foreach ($c in $columns) {
                if ($at -ge $line.Length) { ''; continue }
                $n = if ($c.Width) { [Math]::Min($c.Width, $line.Length - $at) } else { $line.Length - $at }
                $line.Substring($at, $n).Trim()
                $at += $n + 1
            }
        }
        [pscustomobject]@{ Header = @(& $cut $lines[0]); Cells = @(& $cut $lines[2]) }
    }

    function Show-Property {
        # A property as Format-List shows it: what a user reads.
        param($InputObject, [string] $Name)
        ($InputObject | Format-List -Property $Name | Out-String -Width 400).Trim()
    }

    function Get-TableView {
        # The columns (label and width) of the module's table view that selects $TypeName.
        param([string] $TypeName)
        [xml] $format = Get-Content -Raw (Join-Path (Split-Path $ModulePath) 'PoetryReactor.format.ps1xml')
        $sets = @($format.Configuration.SelectionSets.SelectionSet | Where-Object { $_.Types.TypeName -contains $TypeName } | ForEach-Object Name)
        $view = $format.Configuration.ViewDefinitions.View | Where-Object {
            $_.TableControl -and ($_.ViewSelectedBy.TypeName -contains $TypeName -or $_.ViewSelectedBy.SelectionSetName -in $sets)
        } | Select-Object -First 1
        foreach ($h in $view.TableControl.TableHeaders.TableColumnHeader) {
            [pscustomobject]@{ Label = $h.Label; Width = if ($h.Width) { [int]$h.Width } else { 0 } }
        }
    }

    function ConvertTo-Deserialized {
        # Through Export-Clixml and Import-Clixml (depth 2), or as remoting serializes (depth 1).
        # -Untag drops the first type name from the XML. (A base object keeps the type names
        # once given to it, so an untagged poem cannot be had from Get-Poetry's output.)
        param($InputObject, [int] $Depth, [switch] $Untag)
        if ($Depth -eq 2) {
            $path = Join-Path $TestDrive "$([guid]::NewGuid()).xml"
            $InputObject | Export-Clixml -Path $path
            $xml = Get-Content -Raw $path
        } else {
            $xml = [Management.Automation.PSSerializer]::Serialize($InputObject, $Depth)
        }
        if ($Untag) {
            $xml = $xml -replace "<T>$([regex]::Escape($InputObject.pstypenames[0]))</T>\s*", ''
        }
        [Management.Automation.PSSerializer]::Deserialize($xml)
    }

    $server = Start-PoetryServer science -Delay 0
    $listener = Start-ReactorListener -Port 0 -Name serialized -OnDataReceived { }
    $out = Get-Poetry $server.Address -IncludeChunk
    $poem = $out | Where-Object { $_ -is [PoetryReactor.Core.Poetry.Clients.Poem] }
    $incomplete = Get-Poetry $server.Address -MaxBytes 40 -ErrorAction SilentlyContinue
    $measured = Measure-PoetryModel $server.Address -Mode Protocol
    $client = Connect-ReactorClient $listener.Address -NoWait -Name open
    $closed = Connect-ReactorClient $listener.Address -NoWait -Name closed
    Wait-Until { $client.State -eq 'Connected' -and $closed.State -eq 'Connected' } -Because 'both clients connected'
    $closed.Disconnect()
    Wait-Until { $closed.State -eq 'Closed' -and $listener.Connections -eq 1 } -Because 'one client closed'
    $script:Live = @{
        Poem             = $poem
        IncompletePoem   = $incomplete
        ChunkEvent       = $out | Where-Object { $_ -is [PoetryReactor.Core.Poetry.Clients.ChunkEvent] } | Select-Object -First 1
        PoetryServer     = $server
        PoemInfo         = Get-PoetryPoem science
        ModelMeasurement = $measured
        ReactorCall      = Invoke-ReactorLater 600 -Name serialized { }
        ReactorCallback  = Register-ReactorCallback -When Shutdown -Name serialized { } -PassThru
        ReactorListener  = $listener
        ClientConnection = $client
        ClosedConnection = $closed
        ReactorEvent     = Invoke-ReactorLater 0 -Wait { $_ }
        ReactorInfo      = Get-Reactor
    }
}

AfterAll {
    Get-ReactorCall | Stop-ReactorCall
    Get-ReactorCallback | Unregister-ReactorCallback
    Get-ReactorListener | Stop-ReactorListener
    Get-PoetryServer | Stop-PoetryServer
    Stop-Reactor
    Receive-ReactorOutput *> $null
}

Describe 'The module''s objects, deserialized' {
    It 'the <Name> made for the test is what the module emits' -ForEach $Cases {
        $Live[$Kind] | Should -Not -BeNullOrEmpty
        $Live[$Kind].pstypenames | Should -Contain $TypeName
    }

    Context 'through Export-Clixml and Import-Clixml' {
        It '<Name> comes back as Deserialized.<TypeName>' -ForEach $Cases {
            $back = ConvertTo-Deserialized $Live[$Kind] -Depth 2 -Untag:$Untag
            $back.pstypenames[0] | Should -Be "Deserialized.$TypeName"
        }

        It '<Name> keeps every property as Format-List shows it' -ForEach $Cases {
            $back = ConvertTo-Deserialized $Live[$Kind] -Depth 2 -Untag:$Untag
            $names = $Live[$Kind].psobject.Properties.Name | Where-Object { $_ -notin $Volatile }
            foreach ($name in $names) {
                Show-Property $back $name | Should -Be (Show-Property $Live[$Kind] $name) -Because "$Kind.$name reads the same"
            }
            foreach ($name in $Volatile) {
                $back.$name | Should -Not -BeNullOrEmpty -Because "$Kind.$name is kept as it was"
            }
        }

        It '<Name> shows the module''s table, cell for cell' -ForEach $Cases {
            $view = @(Get-TableView "Deserialized.$TypeName")
            $view.Count | Should -BeGreaterThan 0 -Because "a table view selects Deserialized.$TypeName"
            $shown = Read-Table $Live[$Kind] -TypeName $TypeName
            $back = Read-Table (ConvertTo-Deserialized $Live[$Kind] -Depth 2 -Untag:$Untag) -TypeName "Deserialized.$TypeName"
            $back.Header | Should -Be $view.Label -Because 'the deserialized object is shown with the module''s view'
            $back.Header | Should -Be $shown.Header
            for ($i = 0; $i -lt $shown.Header.Count; $i++) {
                if ($shown.Header[$i] -in $Volatile) { continue }
                $back.Cells[$i] | Should -Be $shown.Cells[$i] -Because "the $($shown.Header[$i]) column reads the same"
            }
        }
    }

    Context 'as remoting serializes (depth 1)' {
        It '<Name> shows the module''s table with the values a user reads' -ForEach $Cases {
            $shown = Read-Table $Live[$Kind] -TypeName $TypeName
            $back = Read-Table (ConvertTo-Deserialized $Live[$Kind] -Depth 1 -Untag:$Untag) -TypeName "Deserialized.$TypeName"
            $back.Header | Should -Be (Get-TableView "Deserialized.$TypeName").Label
            $back.Header | Should -Be $shown.Header
            for ($i = 0; $i -lt $shown.Header.Count; $i++) {
                $label = $shown.Header[$i]
                if ($label -in $Volatile) { continue }
                # Remoting sends a DateTimeOffset as its text, which has whole seconds.
                $expected = if ($label -in $SecondsOnly) { $shown.Cells[$i] -replace '\.\d+$' } else { $shown.Cells[$i] }
                $back.Cells[$i] | Should -Be $expected -Because "the $label column reads the same"
            }
        }

        It '<Name>: an enumeration''s ToString() is its name, here and through Import-Clixml' -ForEach ($Cases | Where-Object { $_.Enums }) {
            # Remoting sends an enumeration as its name; Import-Clixml gives a number that shows its
            # name, so ToString() is the comparison that holds for all three (about_PoetryReactor).
            @($Live[$Kind].psobject.Properties | Where-Object { $_.Value -is [enum] } | ForEach-Object Name) | Should -Be $Enums
            foreach ($depth in 1, 2) {
                $back = ConvertTo-Deserialized $Live[$Kind] -Depth $depth -Untag:$Untag
                foreach ($name in $Enums) {
                    $back.$name.ToString() | Should -Be $Live[$Kind].$name.ToString() -Because "$Kind.$name at depth $depth"
                }
            }
        }

        It 'a poem keeps its text, error and numbers' {
            $back = ConvertTo-Deserialized $Live.IncompletePoem -Depth 1
            $back.Text | Should -BeExactly $Live.IncompletePoem.Text
            $back.Complete | Should -BeFalse
            $back.Bytes | Should -Be 40
            $back.Error.Message | Should -Be $Live.IncompletePoem.Error.Message
            $back.Elapsed | Should -BeOfType [timespan]
            $back.Elapsed | Should -Be $Live.IncompletePoem.Elapsed
        }
    }
}
