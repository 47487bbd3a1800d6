using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Core;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>
/// Start-Reactor: starts the module's reactor on its own thread (any cmdlet that needs it starts it too) and
/// emits a <see cref="ReactorInfo"/>. When one runs already it is kept; asking for another backend then is an error.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "Reactor", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Start-Reactor.md")]
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

    /// <summary>
    /// Builds the reactor on a manual clock (Twisted's task.Clock): delayed and repeating calls run only
    /// when Step-ReactorClock moves time, so timed scripts are tested in milliseconds of real time.
    /// </summary>
    [Parameter]
    public SwitchParameter ManualClock { get; set; }

    /// <summary>The most threads Invoke-ReactorWorker runs blocking work on at once (Twisted's suggestThreadPoolSize); 10 by default.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int WorkerPoolSize { get; set; }

    /// <summary>Seconds a cmdlet waits for the reactor thread to answer before it reports ReactorBusy.</summary>
    [Parameter]
    [ValidateRange(0.01, 3600)]
    public double BusyTimeoutSec { get; set; }

    protected override void EndProcessing()
    {
        if (ModuleReactor.Current is null && !ShouldProcess($"a reactor with the {Backend} backend{(ManualClock ? " on a manual clock" : "")}", "Start")) return;
        if (!TryGetReactor(out var host, Backend, ManualClock ? true : null)) return;
        if (MyInvocation.BoundParameters.ContainsKey(nameof(BlockWarningSeconds)))
            host.CallbackStats.BlockWarningThreshold = TimeSpan.FromSeconds(BlockWarningSeconds);
        if (MyInvocation.BoundParameters.ContainsKey(nameof(WorkerPoolSize)))
            WorkerPool.Shared.Size = WorkerPoolSize;
        if (MyInvocation.BoundParameters.ContainsKey(nameof(BusyTimeoutSec)))
            host.BusyTimeout = TimeSpan.FromSeconds(BusyTimeoutSec);
        WriteReactorInfo(host);
    }
}
