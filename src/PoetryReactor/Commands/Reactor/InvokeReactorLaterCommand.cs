using System.Management.Automation;
using PoetryReactor.Callbacks;
using PoetryReactor.Cmdlets;
using PoetryReactor.Errors;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>
/// Invoke-ReactorLater: Twisted's callLater. Runs a scriptblock on the reactor thread after -Delay seconds
/// and emits the <see cref="ReactorCall"/> (cancel it with Stop-ReactorCall or its Cancel method). With
/// -Repeat it is a looping call (Twisted's LoopingCall): every -Delay seconds until cancelled, or -Count
/// times; a run that ends with a terminating error stops it. With -Wait the cmdlet blocks and streams the
/// callback's records until the call is done; Ctrl+C then cancels the call. Without -Wait the records go
/// to the event queue that Wait-Reactor reads.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ReactorLater", DefaultParameterSetName = OnceSet, HelpUri = HelpLinks.Docs + "Invoke-ReactorLater.md")]
[OutputType(typeof(ReactorCall))]
public sealed class InvokeReactorLaterCommand : ScriptBlockCmdlet
{
    private const string OnceSet = "Once";
    private const string RepeatSet = "Repeat";

    /// <summary>Seconds from now (0: the next pass of the loop); with -Repeat, the interval between runs.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(0, 31_536_000)]
    public double Delay { get; set; }

    /// <summary>Runs every -Delay seconds (a looping call) instead of once.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RepeatSet)]
    public SwitchParameter Repeat { get; set; }

    /// <summary>With -Repeat: stop after this many runs.</summary>
    [Parameter(ParameterSetName = RepeatSet)]
    [ValidateRange(1, long.MaxValue)]
    public long Count { get; set; }

    /// <summary>With -Repeat: the first run is at once, then every -Delay seconds (LoopingCall.start(now=True)).</summary>
    [Parameter(ParameterSetName = RepeatSet)]
    public SwitchParameter Now { get; set; }

    /// <summary>With -Repeat: a run that fails is reported and the loop goes on; by default it stops the loop, as in Twisted.</summary>
    [Parameter(ParameterSetName = RepeatSet)]
    public SwitchParameter ContinueOnError { get; set; }

    /// <summary>A name to find the call again by (Get-ReactorCall -Name, Stop-ReactorCall -Name).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>Blocks and streams the callback's records until the call has run (or stopped repeating).</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: stop waiting after this many seconds (an error, ReactorWaitTimeout); the call goes on. 0 waits without limit.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; }

    protected override void EndProcessing()
    {
        if (Repeat && Delay < 0.001)
        {
            WriteError(ErrorCatalog.ReactorIntervalTooShort, new ArgumentOutOfRangeException(nameof(Delay), Delay,
                "A looping call needs an interval of at least 0.001 s: 0 would run it on every pass and starve the loop."), Delay);
            return;
        }
        if (Wait && RefuseInCallback("Invoke-ReactorLater -Wait")) return;
        if (!TryCapture(out var callback)) return;
        if (!TryGetReactor(out var host)) return;

        long? max = MyInvocation.BoundParameters.ContainsKey(nameof(Count)) ? Count : null;
        var sink = Wait ? new OutputQueue() : host.Events;
        var spec = new ReactorCallSpec(Name, Delay, Repeat, max, Now, ContinueOnError);
        if (!TryOnReactor(host, _ => ReactorCall.Schedule(host, callback, spec, sink, ownsSink: Wait, NewForwarder()),
                Delay, ErrorCatalog.ReactorNotRunning, out var call)) return;
        if (!Wait)
        {
            WriteObject(call);
            return;
        }
        var timeout = TimeoutSec == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(TimeoutSec);
        if (!StreamFromReactor(host, sink, timeout, call.CancelIfActive))
            WriteError(ErrorCatalog.ReactorWaitTimeout, new TimeoutException(
                $"The call did not finish within {TimeoutSec:0.###} s; it goes on, and its records go to the event queue (Wait-Reactor)."), call);
    }
}
