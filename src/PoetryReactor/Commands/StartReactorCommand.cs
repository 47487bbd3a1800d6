using System.Management.Automation;
using PoetryReactor.Core;

namespace PoetryReactor.Commands;

/// <summary>
/// Start-Reactor: starts the module's reactor on its own thread (any cmdlet that needs it starts it too) and
/// emits a <see cref="ReactorInfo"/>. When one runs already it is kept; asking for another backend then is an error.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "Reactor")]
[OutputType(typeof(ReactorInfo))]
public sealed class StartReactorCommand : ReactorCmdlet
{
    /// <summary>The readiness backend: Default (Epoll on Linux), Select or Epoll.</summary>
    [Parameter(Position = 0)]
    public ReactorBackendKind Backend { get; set; } = ReactorBackendKind.Default;

    /// <summary>A scriptblock callback that holds the loop longer than this many seconds produces a warning.</summary>
    [Parameter]
    [ValidateRange(0.001, 3600)]
    public double BlockWarningSeconds { get; set; }

    protected override void EndProcessing()
    {
        ReactorHost host;
        try
        {
            host = ModuleReactor.GetOrStart(Backend);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or PlatformNotSupportedException)
        {
            var id = ex is InvalidOperationException && ModuleReactor.Current is not null ? "ReactorBackendMismatch" : "ReactorStartFailed";
            WriteError(Errors.Record(ex, id, ErrorCategory.InvalidOperation, Backend));
            return;
        }
        if (MyInvocation.BoundParameters.ContainsKey(nameof(BlockWarningSeconds)))
            host.BlockWarningThreshold = TimeSpan.FromSeconds(BlockWarningSeconds);
        WriteObject(ReactorInfo.Capture(host, Stopping));
    }
}
