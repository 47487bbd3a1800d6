param([string] $ModulePath = (Join-Path $PSScriptRoot '../../../out/PoetryReactor/PoetryReactor.psd1'))

# What a server exposes and what a client lets through: loopback by default, a warning before
# binding every interface, poem files read once and bounded, control characters from the network
# never reaching the console raw.

BeforeAll {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '../PoetryReactor.TestHelpers.psm1')
    $script:Utf8 = [Text.UTF8Encoding]::new($false)
    $script:ControlChars = '[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]'
}

AfterAll {
    Reset-ReactorState
}

Describe 'Binding' {
    It 'servers and listeners bind the IPv4 loopback unless -Interface names another address' {
        $server = Start-PoetryServer -Poem ecstasy
        $blocking = Start-PoetryServer -Poem science -Blocking
        $listener = Start-ReactorListener 0 -OnDataReceived { }
        try {
            $server.Interface, $blocking.Interface, $listener.Interface | Should -Be '127.0.0.1', '127.0.0.1', '127.0.0.1'
        } finally {
            $server, $blocking | Stop-PoetryServer
            $listener | Stop-ReactorListener
        }
    }

    It 'Start-PoetryServer -Interface <Interface> warns that every interface is served' -TestCases @(
        @{ Interface = '*' }, @{ Interface = '0.0.0.0' }, @{ Interface = '::' }
    ) {
        $server = Start-PoetryServer -Poem ecstasy -Interface $Interface -WarningVariable warned -WarningAction SilentlyContinue
        try {
            $server.State | Should -Be 'Listening'
            $warned.Count | Should -Be 1
            $warned[0].Message | Should -BeLike 'Listening on all interfaces*'
        } finally { $server | Stop-PoetryServer }
    }

    It 'Start-PoetryServer warns before it binds every interface: also when the bind then fails' {
        # The port is taken on the loopback, so the bind fails: nothing is exposed beyond it.
        $taken = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $taken.Start()
        try {
            Start-PoetryServer -Poem ecstasy -Interface '*' -Port $taken.LocalEndpoint.Port -WarningVariable warned -WarningAction SilentlyContinue `
                -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'PortInUse,*'
            $warned.Count | Should -Be 1
            $warned[0].Message | Should -BeLike 'Listening on all interfaces*'
        } finally { $taken.Stop() }
    }

    It 'Start-ReactorListener -Interface ''<Interface>'' warns that every interface is served' -TestCases @(
        @{ Interface = '*' }, @{ Interface = '0.0.0.0' }, @{ Interface = '::' }
    ) {
        $listener = Start-ReactorListener 0 -Interface $Interface -OnDataReceived { } -WarningVariable warned -WarningAction SilentlyContinue
        try {
            $listener.IsListening | Should -BeTrue
            $warned.Count | Should -Be 1
            $warned[0].Message | Should -BeLike 'Listening on all interfaces*'
        } finally { $listener | Stop-ReactorListener }
    }

    It 'no warning for loopback addresses' {
        $listener = Start-ReactorListener 0 -Interface '::1' -OnDataReceived { } -WarningVariable warned
        $server = Start-PoetryServer -Poem ecstasy -Interface '127.0.0.1' -WarningVariable +warned
        try {
            $listener.IsListening | Should -BeTrue
            $server.State | Should -Be 'Listening'
            $warned | Should -BeNullOrEmpty
        }
        finally { $listener | Stop-ReactorListener; $server | Stop-PoetryServer }
    }

    It 'Start-ReactorListener reads -Interface as Start-PoetryServer does: localhost and [::1]' {
        $listeners = @(
            Start-ReactorListener 0 -Interface localhost -OnDataReceived { } -WarningVariable warned
            Start-ReactorListener 0 -Interface '[::1]' -OnDataReceived { } -WarningVariable +warned)
        try {
            $listeners.Interface | Should -Be '127.0.0.1', '::1'
            $warned | Should -BeNullOrEmpty
        } finally { $listeners | Stop-ReactorListener }
    }
}

Describe 'Poem files' {
    It 'refuses <Path> with PoetryFileInvalid and starts nothing' -TestCases @(
        @{ Path = '/dev/zero' }, @{ Path = '/dev/null' }, @{ Path = '/tmp' }
    ) {
        Start-PoetryServer -Path $Path -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PoetryFileInvalid,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[0].TargetObject | Should -Be $Path
        Get-PoetryServer | Should -BeNullOrEmpty
    }

    It 'refuses a file over the size limit' {
        $big = Join-Path $TestDrive 'big.txt'
        [IO.File]::WriteAllBytes($big, [byte[]]::new(1MB + 1))
        Start-PoetryServer -Path $big -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PoetryFileInvalid,*'
        "$($err[0])" | Should -BeLike '*1048576*'
    }

    It 'reads the file once at start: later changes are not served' {
        $path = New-PoemFile -Name 'once' -Text "First words.`n"
        $server = Start-PoetryServer -Path $path -Delay 0
        try {
            [IO.File]::WriteAllText($path, "Changed afterwards, and much longer than before.`n")
            (Get-Poetry $server.Address).Text | Should -BeExactly "First words.`n"
        } finally { $server | Stop-PoetryServer }
    }
}

Describe 'Bytes from the network' {
    It 'ESC sequences from a server reach the poem''s Text but no message and no table row' {
        $hostile = "Poem`e[2J`e]0;owned`a line`r`n`e[31mred`e[0m`n"
        $server = Start-PoetryServer -Path (New-PoemFile -Name hostile -Text $hostile) -Delay 0
        try {
            $address = $server.Address
            $all = Get-Poetry $address, "`e[2J127.0.0.1:x`a" -Verbose -IncludeChunk -ErrorVariable err -ErrorAction SilentlyContinue 4>&1
            $poem = $all | Where-Object { $_ -is [PoetryReactor.Core.Poetry.Clients.Poem] }
            $poem.Text | Should -BeExactly $hostile -Because 'the data itself is the user''s, unchanged'
            $messages = @($all | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message) + @($err | ForEach-Object { "$_" })
            $messages.Count | Should -BeGreaterThan 1
            $messages | Where-Object { $_ -match $ControlChars } | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'AddressInvalid,*'
            "$($err[0])".Contains('\u001B[2J') | Should -BeTrue -Because 'the escape is shown, not obeyed'
            ($poem | Format-Table | Out-String) -match $ControlChars | Should -BeFalse
        } finally { $server | Stop-PoetryServer }
    }

    It 'a callback error quoting received text is escaped' {
        $server = Start-PoetryServer -Path (New-PoemFile -Name hostile-callback -Text "`e]0;owned`aboo") -Delay 0
        try {
            Connect-ReactorClient $server.Address -OnDataReceived { throw "bad data: $($_.Text)" } -ErrorVariable err -ErrorAction SilentlyContinue |
                Out-Null
            $err.Count | Should -BeGreaterOrEqual 1
            "$($err[0])" | Should -BeLike '*bad data: \x1b]0;owned\x07boo*'
            "$($err[0])" -match $ControlChars | Should -BeFalse
        } finally { $server | Stop-PoetryServer }
    }
}
