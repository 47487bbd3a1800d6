using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;
using PoetryReactor.Core;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;

namespace PoetryReactor.Cmdlets;

/// <summary>
/// Base of the cmdlets that wait on the module's reactor: start it on demand, run work on its thread
/// and wait for the answer with the pipeline's cancellation, each failure an ErrorRecord from the catalog.
/// </summary>
public abstract class ReactorCmdlet : ModuleCmdlet
{
    /// <summary>The running reactor, started if needed; false (and an error) when it cannot start.</summary>
    private protected bool TryGetReactor([NotNullWhen(true)] out ReactorHost? host, ReactorBackendKind? backend = null, bool? manualClock = null)
    {
        try
        {
            host = ModuleReactor.GetOrStart(backend, manualClock);
            return true;
        }
        catch (BackendMismatchException ex)
        {
            WriteError(ErrorCatalog.ReactorBackendMismatch, ex, backend);
        }
        catch (ClockMismatchException ex)
        {
            WriteError(ErrorCatalog.ReactorClockMismatch, ex, manualClock);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or PlatformNotSupportedException)
        {
            WriteError(ErrorCatalog.ReactorStartFailed, ex, backend);
        }
        host = null;
        return false;
    }

    /// <summary>
    /// Runs <paramref name="func"/> on the reactor thread and waits for its result (at once when already
    /// there). False, and an error, when it fails: what the exception's type names (reactor busy or
    /// stopped, a call already run...), else <paramref name="fallback"/>. Ctrl+C ends the wait with
    /// PipelineStoppedException.
    /// </summary>
    private protected bool TryOnReactor<T>(ReactorHost host, Func<Reactor, T> func, object? target, ErrorEntry fallback, out T result) =>
        TryRun(() => host.Invoke(func, StopToken), target, fallback, out result);

    /// <summary>As <see cref="TryOnReactor{T}"/> for work that waits for reactors itself (several, through <see cref="StopToken"/>).</summary>
    private protected bool TryRun<T>(Func<T> func, object? target, ErrorEntry fallback, out T result)
    {
        try
        {
            result = func();
            return true;
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            WriteError(ErrorRecords.FromException(ex, target, fallback));
        }
        result = default!;
        return false;
    }

    /// <summary>As <see cref="TryRun{T}"/> for work without a result.</summary>
    private protected bool TryRun(Action action, object? target, ErrorEntry fallback) =>
        TryRun<bool>(() => { action(); return true; }, target, fallback, out _);

    /// <summary>As <see cref="TryOnReactor{T}"/> for work without a result.</summary>
    private protected bool TryOnReactor(ReactorHost host, Action<Reactor> action, object? target, ErrorEntry fallback) =>
        TryOnReactor<bool>(host, r => { action(r); return true; }, target, fallback, out _);

    /// <summary>Writes a snapshot of <paramref name="host"/> (ReactorBusy when its thread does not answer).</summary>
    private protected void WriteReactorInfo(ReactorHost host)
    {
        try
        {
            WriteObject(ReactorInfo.Capture(host, StopToken));
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (ReactorBusyException ex)
        {
            WriteError(ErrorCatalog.ReactorBusy, ex, host.Id);
        }
    }

    /// <summary>An error for cmdlets that must wait and so cannot run on the reactor thread; true when called there.</summary>
    private protected bool RefuseInCallback(string what)
    {
        if (!ModuleReactor.OnReactorThread) return false;
        WriteError(ErrorCatalog.ReactorWaitInCallback,
            new InvalidOperationException($"{what} cannot wait inside a reactor callback: it would block the loop it waits for."), what);
        return true;
    }
}
