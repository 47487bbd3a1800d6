using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;
using PoetryReactor.Callbacks;

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

    /// <summary>Arguments passed to every callback's parameters.</summary>
    [Parameter]
    [Alias("Args")]
    public object?[]? ArgumentList { get; set; }

    /// <summary>Captures the protocol's scriptblocks; false (and an error) when one cannot be.</summary>
    private protected bool TryCaptureProtocol([NotNullWhen(true)] out ProtocolCallbacks? callbacks)
    {
        callbacks = null;
        ScriptCallback? made = null, received = null, lost = null;
        if (OnConnectionMade is not null && !TryCapture(OnConnectionMade, ArgumentList, nameof(OnConnectionMade), out made)) return false;
        if (OnDataReceived is not null && !TryCapture(OnDataReceived, ArgumentList, nameof(OnDataReceived), out received)) return false;
        if (OnConnectionLost is not null && !TryCapture(OnConnectionLost, ArgumentList, nameof(OnConnectionLost), out lost)) return false;
        callbacks = new ProtocolCallbacks(made, received, lost);
        return true;
    }
}
