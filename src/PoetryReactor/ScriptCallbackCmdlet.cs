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

    /// <summary>Captures the scriptblocks of a protocol (any may be null); false (and an error) when one cannot be.</summary>
    internal bool TryCaptureProtocol(ScriptBlock? made, ScriptBlock? received, ScriptBlock? lost, object?[]? arguments,
        [NotNullWhen(true)] out ProtocolCallbacks? callbacks)
    {
        callbacks = null;
        ScriptCallback? m = null, r = null, l = null;
        if (made is not null && !TryCapture(made, arguments, "OnConnectionMade", out m)) return false;
        if (received is not null && !TryCapture(received, arguments, "OnDataReceived", out r)) return false;
        if (lost is not null && !TryCapture(lost, arguments, "OnConnectionLost", out l)) return false;
        callbacks = new ProtocolCallbacks(m, r, l);
        return true;
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
