using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>Get-ReactorListener: the listeners of the running reactor that are still listening, by Id.</summary>
[Cmdlet(VerbsCommon.Get, "ReactorListener")]
[OutputType(typeof(ReactorListener))]
public sealed class GetReactorListenerCommand : ModuleCmdlet
{
    /// <summary>Only the listeners on these ports.</summary>
    [Parameter(Position = 0)]
    [ValidateRange(1, 65535)]
    public int[]? Port { get; set; }

    protected override void EndProcessing()
    {
        var listeners = ModuleReactor.Current?.Listeners.List() ?? Array.Empty<ReactorListener>();
        foreach (var l in listeners.Where(l => Port is null || Port.Contains(l.Port)))
            WriteObject(l);
    }
}
