using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;

namespace PoetryReactor.Commands;

/// <summary>
/// Get-Reactor: a live snapshot of the module's reactor (<see cref="ReactorInfo"/>), read on its thread:
/// state, backend, thread, uptime, readers, writers, pending calls, callbacks run and failed, loop lag.
/// Once the reactor has stopped it describes the last one; before any has started it emits nothing.
/// It never starts a reactor.
/// </summary>
[Cmdlet(VerbsCommon.Get, "Reactor", HelpUri = HelpLinks.Docs + "Get-Reactor.md")]
[OutputType(typeof(ReactorInfo))]
public sealed class GetReactorCommand : ReactorCmdlet
{
    protected override void EndProcessing()
    {
        var host = ModuleReactor.Current ?? ModuleReactor.Last;
        if (host is null)
        {
            WriteVerbose("No reactor has been started in this session.");
            return;
        }
        WriteReactorInfo(host);
    }
}
