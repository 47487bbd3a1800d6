using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Hosting;

namespace PoetryReactor.Commands;

/// <summary>
/// Receive-ReactorOutput: writes, without waiting, the records that callbacks no cmdlet waits for have
/// queued so far (output, errors, warnings, verbose, information), and removes them from the queue, as
/// Receive-Job does for a job. Wait-Reactor is the form that waits for more.
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "ReactorOutput", HelpUri = HelpLinks.Docs + "Receive-ReactorOutput.md")]
[OutputType(typeof(object))]
public sealed class ReceiveReactorOutputCommand : StreamingCmdlet
{
    protected override void EndProcessing() => Drain(ModuleReactor.Events);
}
