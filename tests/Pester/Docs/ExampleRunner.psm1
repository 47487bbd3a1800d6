# Runs the examples of the help pages and the README as a user would type them, and compares what
# they print with the output the page shows. Imported by the tests in this folder after the module
# under test; the examples themselves are found by Get-PageExample, Get-ReadmeExample and
# Get-AboutExample (PoetryReactor.TestHelpers.psm1).

Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')

#region Comparing the shown output with the printed one

# How Compare-ExampleOutput reads an output (docs/conventions.md says the same for page authors):
#
#   - Blank lines are dropped, and a run of blanks is one blank: column widths follow the values.
#   - A table (a header line over a line of dashes, up to a blank line or a line that crosses its
#     columns) is compared cell by cell under its column names; any other line as a whole.
#   - Every number is compared exactly, except:
#       * a value in a column, or a 'Name : value' line, named in $VaryingField: compared by shape
#         only (each run of digits stands for any number; the rest must match, so an empty cell
#         where a number is shown still fails);
#       * anywhere, a value of a form listed in $VaryingValue: the port of an address, a time of
#         day or a time span, a number of seconds with decimals.
#   A number that varies in another way is not masked here: the example prints a fixed fact instead
#   (a sum, a count, True), or waits for the event so that its output is fixed.

# Fields whose values vary from run to run, and why.
$script:VaryingField = [ordered] @{
    Id         = 'numbers what this session made, in order: it depends on what ran before'
    ReactorId  = 'the same, for reactors'
    ThreadId   = 'chosen by the runtime'
    Port       = 'a free port the system picked'
    Chunks     = 'the reads a poem took: two writes close together may arrive as one read'
    Elapsed    = 'measured time'
    Seconds    = 'measured time'
    CpuSeconds = 'measured time'
    MaxLag     = 'measured time'
    MedianLag  = 'measured time'
    Uptime     = 'measured time'
    Age        = 'measured time'
    Time       = 'a reading of the clock'
    DueIn      = 'measured time'
    StartTime  = 'a reading of the clock'
    Timestamp  = 'a reading of the clock'
}

# Forms of value that vary wherever they appear, each replaced by its name in angle brackets.
$script:VaryingValue = @(
    @{ Name = 'time'; Pattern = [regex] '\b(?:\d+\.)?\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\b' }
    # The host is kept: only the port after an IPv4 address, a bracketed IPv6 one or localhost.
    @{ Name = 'port'; Pattern = [regex] '(?<=(?:\b\d{1,3}(?:\.\d{1,3}){3}|\]|\blocalhost):)\d{1,5}\b' }
    @{ Name = 'seconds'; Pattern = [regex] '\b\d+\.\d+ s\b' }
)

function Get-ValueShape {
    # A varying field's value as compared: each run of digits one 9.
    param([AllowEmptyString()] [string] $Value)
    $Value -replace '\d+', '9'
}

function Hide-VaryingValue {
    # $Text, blanks collapsed, with every value of a $VaryingValue form replaced by '<name>'.
    param([AllowEmptyString()] [string] $Text)
    $t = ($Text -replace '\s+', ' ').Trim()
    foreach ($v in $script:VaryingValue) { $t = $v.Pattern.Replace($t, "<$($v.Name)>") }
    $t
}

function Split-TableText {
    # The columns of a table as [start, end) character ranges. Columns are separated by positions
    # blank in every line; a stretch of text under no dashes (a value of several words) belongs
    # to the column on its left. A line that crosses the columns leaves fewer columns than the rule
    # has runs of dashes.
    param([Parameter(Mandatory)] [string[]] $Line)
    $width = 0
    foreach ($l in $Line) { $width = [Math]::Max($width, $l.Length) }
    $columns = [Collections.Generic.List[object]]::new()
    $start = -1
    for ($x = 0; $x -le $width; $x++) {
        $blank = $true
        if ($x -lt $width) { foreach ($l in $Line) { if ($x -lt $l.Length -and $l[$x] -ne ' ') { $blank = $false; break } } }
        if (-not $blank) { if ($start -lt 0) { $start = $x }; continue }
        if ($start -lt 0) { continue }
        $rule = $Line[1]
        $dashed = $start -lt $rule.Length -and $rule.Substring($start, [Math]::Min($x, $rule.Length) - $start).Contains('-')
        $last = if ($columns.Count -gt 0) { $columns[$columns.Count - 1] }
        if ($last -and (-not $dashed -or -not $last.Dashed)) {
            $last.End = $x
            $last.Dashed = $last.Dashed -or $dashed
        } else {
            $columns.Add([pscustomobject] @{ Start = $start; End = $x; Dashed = $dashed })
        }
        $start = -1
    }
    $columns
}

function ConvertFrom-TableText {
    # A table's records: its column names, then each row as Name=value pairs.
    param([Parameter(Mandatory)] [string[]] $Line)
    $columns = @(Split-TableText -Line $Line)
    $cells = foreach ($l in $Line) {
        , @(foreach ($c in $columns) {
                if ($c.Start -ge $l.Length) { '' } else { ($l.Substring($c.Start, [Math]::Min($c.End, $l.Length) - $c.Start) -replace '\s+', ' ').Trim() }
            })
    }
    $names = $cells[0]
    "columns: $($names -join ', ')"
    foreach ($row in $cells | Select-Object -Skip 2) {
        $pairs = for ($k = 0; $k -lt $names.Count; $k++) {
            if ($script:VaryingField.Contains($names[$k])) { "$($names[$k])~$(Get-ValueShape $row[$k])" }
            else { "$($names[$k])=$(Hide-VaryingValue $row[$k])" }
        }
        "row: $($pairs -join '; ')"
    }
}

function ConvertTo-ComparableOutput {
    # Console output as the records Compare-ExampleOutput compares, one string each.
    param([AllowEmptyString()] [AllowNull()] [string[]] $Line)
    $lines = @(foreach ($l in $Line) { foreach ($part in "$l" -split '\r?\n') { $part.TrimEnd() } })
    $i = 0
    while ($i -lt $lines.Count) {
        $l = $lines[$i]
        if ($l -eq '') { $i++; continue }
        if ($i + 1 -lt $lines.Count -and $lines[$i + 1] -match '^ *-+( +-+)* *$') {
            # The table goes on up to a blank line, or a line that does not fit its columns (a string
            # written after the table's objects, in the same pipeline).
            $dashRuns = [regex]::Matches($lines[$i + 1], '-+').Count
            $end = $i + 2
            while ($end -lt $lines.Count -and $lines[$end] -ne '' -and
                @(Split-TableText -Line $lines[$i..$end]).Count -eq $dashRuns) { $end++ }
            ConvertFrom-TableText -Line $lines[$i..($end - 1)]
            $i = $end
            continue
        }
        $t = ($l -replace '\s+', ' ').Trim()
        if ($t -match '^(?<name>\w+) ?:(?: (?<value>.*))?$' -and $script:VaryingField.Contains($Matches.name)) {
            "$($Matches.name) ~ $(Get-ValueShape $Matches.value)"
        } else {
            Hide-VaryingValue $t
        }
        $i++
    }
}

function Compare-ExampleOutput {
    # Nothing when $Actual (the lines an example printed) matches $Expected (the output its page
    # shows) as described at the top of this region; otherwise what differs first, and the whole
    # printed output, ready to paste into the page.
    param(
        [Parameter(Mandatory)] [AllowEmptyString()] [string] $Expected,
        [AllowEmptyString()] [AllowNull()] [string[]] $Actual
    )
    $want = @(ConvertTo-ComparableOutput ($Expected -split '\r?\n'))
    $got = @(ConvertTo-ComparableOutput $Actual)
    for ($k = 0; $k -lt [Math]::Max($want.Count, $got.Count); $k++) {
        $w = if ($k -lt $want.Count) { "'$($want[$k])'" } else { 'nothing more' }
        $g = if ($k -lt $got.Count) { "'$($got[$k])'" } else { 'nothing more' }
        if ($w -cne $g) {
            return "record $($k + 1) differs: the page shows $w, the example printed $g. It printed:`n$(($Actual | ForEach-Object TrimEnd) -join "`n")"
        }
    }
}

#endregion

#region Running an example

$script:Runspace = $null
$script:Baseline = $null

function Get-ExampleRunspace {
    # The runspace examples run in: the module under test imported and the repository as the
    # current folder, as a user would have it. A user who tests with Pester has it installed: the
    # Pester running these tests is imported there too, for examples that show a test. Made again
    # when an example left it stuck.
    if ($script:Runspace -and $script:Runspace.RunspaceAvailability -eq 'Available') { return $script:Runspace }
    $rs = [runspacefactory]::CreateRunspace()
    $rs.Open()
    $ps = [powershell]::Create()
    $ps.Runspace = $rs
    $null = $ps.AddCommand('Import-Module').AddParameter('Name', (Get-TestedModulePath)).AddStatement().
        AddCommand('Set-Location').AddParameter('LiteralPath', (Get-RepositoryRoot))
    $pester = Get-Module Pester | Select-Object -First 1
    if ($pester) { $null = $ps.AddStatement().AddCommand('Import-Module').AddParameter('Name', $pester.Path) }
    $null = $ps.AddStatement().AddScript('@{ Variables = @((Get-Variable -Scope Global).Name); Functions = @((Get-ChildItem function:).Name) }')
    $script:Baseline = $ps.Invoke() | Select-Object -Last 1
    $ps.Dispose()
    $script:Runspace = $rs
    $rs
}

function Close-ExampleRunspace {
    # Ends the examples' runspace, if one is open and not stuck.
    if ($script:Runspace -and $script:Runspace.RunspaceAvailability -eq 'Available') { $script:Runspace.Dispose() }
    $script:Runspace = $null
}

function Clear-ExampleRunspace {
    # Takes back what the last example left in its runspace (variables, functions, PowerShell events
    # and jobs), so that each example runs as written, not with what an earlier one defined.
    $rs = $script:Runspace
    if (-not $rs -or $rs.RunspaceAvailability -ne 'Available') { return }
    $ps = [powershell]::Create()
    $ps.Runspace = $rs
    try {
        # In a scope of its own, or its parameters would be global variables it removes.
        $null = $ps.AddScript({
                param($Variables, $Functions)
                Get-Variable -Scope Global | Where-Object { $_.Name -notin $Variables -and -not ($_.Options -band 'ReadOnly, Constant') } |
                    Remove-Variable -Scope Global -Force -ErrorAction Ignore
                Get-ChildItem function: | Where-Object Name -NotIn $Functions | Remove-Item -Force
                Get-Event | Remove-Event
                Get-Job | Remove-Job -Force
            }, $true).AddArgument($script:Baseline.Variables).AddArgument($script:Baseline.Functions)
        $null = $ps.Invoke()
    } finally {
        $ps.Dispose()
    }
}

function Invoke-ExampleCode {
    # Runs $Code in the examples' runspace as a user would type it, bounded by $TimeoutSec (then
    # stopped, with a bound on the stop too), and returns its output lines as the console shows
    # them, its errors and its warnings.
    param([Parameter(Mandatory)] [string] $Code, [double] $TimeoutSec = 30)
    $ps = [powershell]::Create()
    $ps.Runspace = Get-ExampleRunspace
    $null = $ps.AddScript($Code).AddCommand('Out-String').AddParameter('Stream').AddParameter('Width', 120)
    $handle = $ps.BeginInvoke()
    $finished = $handle.AsyncWaitHandle.WaitOne([timespan]::FromSeconds($TimeoutSec))
    $stuck = $false
    if (-not $finished) { $stuck = -not $ps.BeginStop($null, $null).AsyncWaitHandle.WaitOne([timespan]::FromSeconds(10)) }
    $failure = $null
    $lines = @()
    if (-not $stuck) {
        $lines = try { @($ps.EndInvoke($handle)) } catch { $failure = $_.Exception.InnerException ?? $_.Exception; @() }
    }
    $run = [pscustomobject] @{
        TimedOut = -not $finished
        Stuck    = $stuck
        Lines    = [string[]] @($lines | ForEach-Object { $_ -split '\r?\n' })
        Errors   = @($ps.Streams.Error) + @($failure | Where-Object { $_ })
        Warnings = @($ps.Streams.Warning)
    }
    # A pipeline that would not stop is left to itself (disposing it would wait for it), and its
    # runspace with it: the next example gets a new one.
    if ($stuck) { $script:Runspace = $null } else { $ps.Dispose() }
    $run
}

function Assert-ExampleRuns {
    # Runs one example in a clean module state and checks it: done in time, no errors, no warnings
    # but a blocked-loop one (machine load decides those), nothing left running, and, when the page
    # shows output ($Output; $null when it shows none), that output as Compare-ExampleOutput reads it.
    param(
        [Parameter(Mandatory)] [AllowEmptyString()] [string] $Code,
        $Output,
        [double] $TimeoutSec = 30
    )
    Reset-ReactorState
    $run = Invoke-ExampleCode -Code $Code -TimeoutSec $TimeoutSec
    $left = @(Get-PoetryServer).Count + @(Get-ReactorListener).Count
    Reset-ReactorState
    Clear-ExampleRunspace

    $run.TimedOut | Should -BeFalse -Because "an example finishes within $TimeoutSec s"
    $run.Errors | ForEach-Object { "$_ ($($_.FullyQualifiedErrorId))" } | Should -BeNullOrEmpty
    $run.Warnings | Where-Object Message -NotLike '*blocked the reactor*' | Should -BeNullOrEmpty
    $left | Should -Be 0 -Because 'an example stops the servers and listeners it starts'
    if ($null -ne $Output) {
        "$Output".Trim() | Should -Not -BeNullOrEmpty -Because 'an output block shows what the example prints'
        Compare-ExampleOutput -Expected $Output -Actual $run.Lines | Should -BeNullOrEmpty -Because 'the example prints what its page shows'
    }
}

#endregion

Export-ModuleMember -Function @(
    'ConvertTo-ComparableOutput', 'Compare-ExampleOutput'
    'Get-ExampleRunspace', 'Close-ExampleRunspace', 'Clear-ExampleRunspace', 'Invoke-ExampleCode', 'Assert-ExampleRuns'
)
