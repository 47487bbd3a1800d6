using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;
using PoetryReactor.Callbacks;

namespace PoetryReactor.Cmdlets;

/// <summary>Base of the cmdlets that schedule one scriptblock: -ScriptBlock (position 1) and -ArgumentList.</summary>
public abstract class ScriptBlockCmdlet : CallbackCmdlet
{
    /// <summary>The callback; <c>$_</c> is a <see cref="ReactorEvent"/>, values come by -ArgumentList or <c>$using:</c>.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNull]
    public ScriptBlock ScriptBlock { get; set; } = null!;

    /// <summary>Arguments passed to the scriptblock's parameters.</summary>
    [Parameter]
    [Alias("Args")]
    public object?[]? ArgumentList { get; set; }

    /// <summary>Captures -ScriptBlock; false (and an error) when it cannot be.</summary>
    private protected bool TryCapture([NotNullWhen(true)] out ScriptCallback? callback) =>
        TryCapture(ScriptBlock, ArgumentList, nameof(ScriptBlock), out callback);
}
