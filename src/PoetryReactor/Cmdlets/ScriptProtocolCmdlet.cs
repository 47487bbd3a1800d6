using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;
using PoetryReactor.Callbacks;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Cmdlets;

/// <summary>
/// Base of the cmdlets whose protocol is made of scriptblocks: -OnConnectionMade, -OnDataReceived,
/// -OnConnectionLost (any may be left out) and -ArgumentList for all three.
/// </summary>
public abstract class ScriptProtocolCmdlet : CallbackCmdlet
{
    /// <summary>Runs once connected.</summary>
    [Parameter]
    public ScriptBlock? OnConnectionMade { get; set; }

    /// <summary>Runs for each chunk of bytes received: <c>$_.Data</c>, <c>$_.Text</c>.</summary>
    [Parameter]
    public ScriptBlock? OnDataReceived { get; set; }

    /// <summary>Runs when the connection has closed: <c>$_.Reason</c>.</summary>
    [Parameter]
    public ScriptBlock? OnConnectionLost { get; set; }

    /// <summary>Runs for each whole line received (Twisted's LineReceiver): <c>$_.Line</c>, without its delimiter.</summary>
    [Parameter]
    public ScriptBlock? OnLineReceived { get; set; }

    /// <summary>What ends a line for -OnLineReceived and <c>$_.Transport.WriteLine</c>; a newline by default ("\r\n" read as well).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Delimiter { get; set; } = "\n";

    /// <summary>The longest line taken, in bytes; a longer one closes the connection (ReactorLineTooLong).</summary>
    [Parameter]
    [ValidateRange(1, 64 * 1024 * 1024)]
    public int MaxLineLength { get; set; } = Core.Net.LineSplitter.DefaultMaxLength;

    /// <summary>Arguments passed to every callback's parameters.</summary>
    [Parameter]
    [Alias("Args")]
    public object?[]? ArgumentList { get; set; }

    /// <summary>Captures the protocol's scriptblocks; false (and an error) when one cannot be.</summary>
    private protected bool TryCaptureProtocol([NotNullWhen(true)] out ProtocolCallbacks? callbacks)
    {
        callbacks = null;
        ScriptCallback? made = null, received = null, lost = null, line = null;
        if (OnConnectionMade is not null && !TryCapture(OnConnectionMade, ArgumentList, nameof(OnConnectionMade), out made)) return false;
        if (OnDataReceived is not null && !TryCapture(OnDataReceived, ArgumentList, nameof(OnDataReceived), out received)) return false;
        if (OnConnectionLost is not null && !TryCapture(OnConnectionLost, ArgumentList, nameof(OnConnectionLost), out lost)) return false;
        if (OnLineReceived is not null && !TryCapture(OnLineReceived, ArgumentList, nameof(OnLineReceived), out line)) return false;
        callbacks = new ProtocolCallbacks(made, received, lost, line, Delimiter, MaxLineLength, NewForwarder());
        return true;
    }
}
