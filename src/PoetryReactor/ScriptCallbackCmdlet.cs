using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;
using PoetryReactor.Callbacks;
using PoetryReactor.Core;

namespace PoetryReactor;

/// <summary>
/// Base of the cmdlets that hand scriptblocks to the reactor: capture on the pipeline thread, the
/// reactor started on demand, and work marshalled to the reactor thread, each failure reported as a
/// non-terminating ErrorRecord with a stable ErrorId.
/// </summary>
public abstract class ScriptCallbackCmdlet : ReactorCmdlet
{
    /// <summary>Captures <paramref name="block"/> with its arguments and <c>$using:</c> values; false (and an error) when it cannot.</summary>
    protected bool TryCapture(ScriptBlock block, object?[]? arguments, string parameterName, [NotNullWhen(true)] out ScriptCallback? callback)
    {
        try
        {
            callback = ScriptCallback.Capture(this, block, arguments, parameterName);
            return true;
        }
        catch (ArgumentException ex)
        {
            WriteError(Errors.Record(ex, "ReactorCallbackInvalid", ErrorCategory.InvalidArgument, block));
            callback = null;
            return false;
        }
    }

    /// <summary>The running reactor, started if needed; false (and an error) when it cannot start.</summary>
    protected bool TryGetReactor([NotNullWhen(true)] out ReactorHost? host)
    {
        try
        {
            host = ModuleReactor.GetOrStart();
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            WriteError(Errors.Record(ex, "ReactorStartFailed", ErrorCategory.ResourceUnavailable, null));
            host = null;
            return false;
        }
    }

    /// <summary>
    /// Runs <paramref name="func"/> on the reactor thread; false (and an error) when the reactor stopped or
    /// did not answer. A stopped pipeline ends it with PipelineStoppedException.
    /// </summary>
    protected bool TryInvoke<T>(ReactorHost host, Func<Reactor, T> func, object? target, out T result)
    {
        try
        {
            result = ModuleReactor.Invoke(host, func, Stopping);
            return true;
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (ReactorNotRunningException ex)
        {
            WriteError(Errors.Record(ex, "ReactorNotRunning", ErrorCategory.InvalidOperation, target));
        }
        catch (TimeoutException ex)
        {
            WriteError(Errors.Record(ex, "ReactorBusy", ErrorCategory.OperationTimeout, target));
        }
        result = default!;
        return false;
    }

    /// <summary>As <see cref="TryInvoke{T}"/> for work without a result.</summary>
    protected bool InvokeOnReactor(ReactorHost host, Action<Reactor> action, object? target = null) =>
        TryInvoke<object?>(host, r => { action(r); return null; }, target, out _);

    /// <summary>An error for cmdlets that must wait and so cannot run on the reactor thread; true when called there.</summary>
    protected bool RefuseInCallback(string what)
    {
        if (!ModuleReactor.OnReactorThread) return false;
        WriteError(Errors.Record(
            new InvalidOperationException($"{what} cannot wait inside a reactor callback: it would block the loop it waits for."),
            "ReactorWaitInCallback", ErrorCategory.InvalidOperation, null));
        return true;
    }
}

/// <summary>Base of the cmdlets that schedule one scriptblock: -ScriptBlock (position 1) and -ArgumentList.</summary>
public abstract class ScriptBlockCmdlet : ScriptCallbackCmdlet
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
    protected bool TryCapture([NotNullWhen(true)] out ScriptCallback? callback) =>
        TryCapture(ScriptBlock, ArgumentList, nameof(ScriptBlock), out callback);
}

/// <summary>
/// Base of the cmdlets whose protocol is made of scriptblocks: -OnConnectionMade, -OnDataReceived,
/// -OnConnectionLost (any may be left out) and -ArgumentList for all three.
/// </summary>
public abstract class ScriptProtocolCmdlet : ScriptCallbackCmdlet
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
    internal bool TryCaptureProtocol([NotNullWhen(true)] out ProtocolCallbacks? callbacks)
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
