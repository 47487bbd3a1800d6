# Helpers for Docs.Tests.ps1 (dot-sourced; not a test file itself): read the examples out of the
# markdown, run each one bounded in a runspace of its own, and compare output shapes.

function Get-MarkdownSection {
    # The body of '## $Name' in $Text (up to the next '## '), or the empty string.
    param([Parameter(Mandatory)] [string] $Text, [Parameter(Mandatory)] [string] $Name)
    $m = [regex]::Match($Text, "(?ms)^## $([regex]::Escape($Name))[ \t]*\r?\n(.*?)(?=^## |\z)")
    if ($m.Success) { $m.Groups[1].Value.Trim("`r", "`n") } else { '' }
}

function Get-FencedBlock {
    # The fenced blocks of $Text in order, each with its info string ('powershell', '' ...) and code.
    param([Parameter(Mandatory)] [AllowEmptyString()] [string] $Text)
    foreach ($m in [regex]::Matches($Text, '(?ms)^```[ \t]*(?<info>[^\r\n`]*)\r?\n(?<code>.*?)^```[ \t]*$')) {
        [pscustomobject] @{ Info = $m.Groups['info'].Value.Trim(); Code = $m.Groups['code'].Value.TrimEnd() }
    }
}

function Get-PageExample {
    # Every '### ' example of a help page: its ```powershell code and the plain ``` block after it
    # (its shown output), if any.
    param([Parameter(Mandatory)] [string] $Path)
    $page = [IO.Path]::GetFileNameWithoutExtension($Path)
    $examples = Get-MarkdownSection -Text (Get-Content -Raw $Path) -Name 'EXAMPLES'
    foreach ($m in [regex]::Matches($examples, '(?ms)^### (?<title>[^\r\n]+)\r?\n(?<body>.*?)(?=^### |\z)')) {
        $blocks = @(Get-FencedBlock $m.Groups['body'].Value)
        $code = $blocks | Where-Object Info -EQ 'powershell' | Select-Object -First 1
        $output = $blocks | Select-Object -Skip 1 | Where-Object Info -EQ '' | Select-Object -First 1
        @{
            Page   = $page
            Title  = $m.Groups['title'].Value.Trim()
            Code   = if ($code) { $code.Code } else { '' }
            Output = if ($output) { $output.Code } else { $null }
        }
    }
}

function Get-ReadmeExample {
    # Every ```powershell block of the README, with the plain ``` block right after it as its output.
    param([Parameter(Mandatory)] [string] $Path)
    $blocks = @(Get-FencedBlock (Get-Content -Raw $Path))
    $n = 0
    for ($i = 0; $i -lt $blocks.Count; $i++) {
        if ($blocks[$i].Info -ne 'powershell') { continue }
        $next = if ($i + 1 -lt $blocks.Count -and $blocks[$i + 1].Info -eq '') { $blocks[$i + 1].Code }
        @{ Page = 'README'; Title = "block $((++$n))"; Code = $blocks[$i].Code; Output = $next }
    }
}

function Get-AboutExample {
    # The indented code blocks of an about topic's EXAMPLES section (about topics are plain text).
    param([Parameter(Mandatory)] [string] $Path)
    $page = [IO.Path]::GetFileNameWithoutExtension($Path)
    $section = Get-MarkdownSection -Text (Get-Content -Raw $Path) -Name 'EXAMPLES'
    $n = 0
    foreach ($m in [regex]::Matches($section, '(?m)(?:^    .*(?:\r?\n|\z)(?:[ \t]*\r?\n)*)+')) {
        $code = ($m.Value.TrimEnd() -split '\r?\n' | ForEach-Object { $_ -replace '^    ', '' }) -join "`n"
        @{ Page = $page; Title = "example $((++$n))"; Code = $code; Output = $null }
    }
}

function ConvertTo-OutputShape {
    # The shape of console output: blank lines dropped, each run of digits one '9', each run of
    # dashes one '-', each run of blanks one space. Ports, times and column widths then agree.
    param([AllowEmptyString()] [string[]] $Line)
    foreach ($l in $Line) {
        if ([string]::IsNullOrWhiteSpace($l)) { continue }
        (($l -replace '\d+', '9') -replace '-{2,}', '-' -replace '\s+', ' ').Trim()
    }
}

function New-ExampleRunspace {
    # A runspace with the module imported and the repository as its current folder.
    param([Parameter(Mandatory)] [string] $ModulePath, [Parameter(Mandatory)] [string] $Location)
    $rs = [runspacefactory]::CreateRunspace()
    $rs.Open()
    $ps = [powershell]::Create()
    $ps.Runspace = $rs
    $null = $ps.AddCommand('Import-Module').AddParameter('Name', $ModulePath).AddStatement().
        AddCommand('Set-Location').AddParameter('LiteralPath', $Location)
    $null = $ps.Invoke()
    $ps.Dispose()
    $rs
}

function Invoke-ExampleCode {
    # Runs $Code in $Runspace as a user would type it, bounded by $TimeoutSec (then stopped), and
    # returns its output lines as the console shows them, its errors and its warnings.
    param(
        [Parameter(Mandatory)] [runspace] $Runspace,
        [Parameter(Mandatory)] [string] $Code,
        [int] $TimeoutSec = 30
    )
    $ps = [powershell]::Create()
    $ps.Runspace = $Runspace
    try {
        $null = $ps.AddScript($Code).AddCommand('Out-String').AddParameter('Stream').AddParameter('Width', 120)
        $handle = $ps.BeginInvoke()
        $finished = $handle.AsyncWaitHandle.WaitOne([timespan]::FromSeconds($TimeoutSec))
        if (-not $finished) { $ps.Stop() }
        $failure = $null
        $lines = try { @($ps.EndInvoke($handle)) } catch { $failure = $_.Exception.InnerException ?? $_.Exception; @() }
        [pscustomobject] @{
            TimedOut = -not $finished
            Lines    = [string[]] @($lines | ForEach-Object { $_ -split '\r?\n' })
            Errors   = @($ps.Streams.Error) + @($failure | Where-Object { $_ })
            Warnings = @($ps.Streams.Warning)
        }
    } finally {
        $ps.Dispose()
    }
}

function Reset-ReactorState {
    # Leaves nothing behind for the next example: servers, listeners and the reactor stopped, and
    # the event queue (which outlives a reactor) emptied of what late callbacks wrote.
    param([Parameter(Mandatory)] [runspace] $Runspace)
    $cleanup = 'Stop-PoetryServer -All; Get-ReactorListener | Stop-ReactorListener -CloseConnections; ' +
        'Stop-Reactor -ErrorAction Ignore; Receive-ReactorOutput *> $null'
    $null = Invoke-ExampleCode -Runspace $Runspace -Code $cleanup -TimeoutSec 30
}

function ConvertTo-PlainWords {
    # Letters and digits of markdown or help text, lower case, single-spaced: for comparing the
    # written text with what Get-Help shows, whatever the markup.
    param([AllowEmptyString()] [string] $Text)
    $t = $Text -replace '\[([^\]]*)\]\([^)]*\)', '$1'
    (($t -replace '[^\p{L}\p{N}]+', ' ').Trim()).ToLowerInvariant()
}

function Get-Opening {
    # The first $Words words of $Text, as ConvertTo-PlainWords shapes them.
    param([AllowEmptyString()] [string] $Text, [int] $Words = 8)
    ((ConvertTo-PlainWords $Text) -split ' ' | Select-Object -First $Words) -join ' '
}
