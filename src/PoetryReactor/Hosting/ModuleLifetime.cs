using System.Management.Automation;
using PoetryReactor.Poetry;

namespace PoetryReactor.Hosting;

/// <summary>Stops every poetry server and the module's reactor (and with it every connection) when the module is removed or the process exits.</summary>
public sealed class ModuleLifetime : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static int _hooked;

    public void OnImport()
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                PoetryServerRegistry.StopAll();
                ModuleReactor.Stop(TimeSpan.FromSeconds(2));
            };
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        // The callback runspace imports this module too; only a removal elsewhere ends the reactor.
        if (ModuleReactor.OnReactorThread) return;
        PoetryServerRegistry.StopAll();
        ModuleReactor.Stop(TimeSpan.FromSeconds(5));
    }
}
