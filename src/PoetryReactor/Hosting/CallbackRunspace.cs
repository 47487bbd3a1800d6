using System.Diagnostics;
using System.Management.Automation.Runspaces;

namespace PoetryReactor.Hosting;

/// <summary>
/// The runspace scriptblock callbacks run in: opened on the reactor thread on first need, with the
/// module imported, and closed when the reactor's thread ends. Reactor thread only.
/// </summary>
internal sealed class CallbackRunspace : IDisposable
{
    private readonly string _modulePath;
    private readonly Func<bool> _onOwnerThread;
    private Runspace? _runspace;

    public CallbackRunspace(string modulePath, Func<bool> onOwnerThread)
    {
        _modulePath = modulePath;
        _onOwnerThread = onOwnerThread;
    }

    /// <summary>The runspace, opened now if it is not yet (tens of ms, once).</summary>
    public Runspace Get()
    {
        Debug.Assert(_onOwnerThread());
        if (_runspace is not null) return _runspace;
        var iss = InitialSessionState.CreateDefault2();
        iss.ImportPSModule(new[] { _modulePath });
        var rs = RunspaceFactory.CreateRunspace(iss);
        rs.ThreadOptions = PSThreadOptions.UseCurrentThread;
        rs.Open();
        Runspace.DefaultRunspace = rs;
        // The first pipeline in a runspace is slow (engine warm-up): pay it here, not in a user's callback.
        using (var warm = System.Management.Automation.PowerShell.Create())
        {
            warm.Runspace = rs;
            warm.AddScript("process { $_ }").Invoke(new object[] { 1 });
        }
        return _runspace = rs;
    }

    public void Dispose()
    {
        try { _runspace?.Dispose(); }
        catch (Exception) { /* closing a runspace at shutdown must not hide the stop */ }
        _runspace = null;
    }
}
