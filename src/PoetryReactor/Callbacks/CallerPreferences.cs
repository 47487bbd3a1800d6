using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace PoetryReactor.Callbacks;

/// <summary>
/// The preferences in force where a scriptblock was handed over (the cmdlet's -Verbose, -Debug,
/// -ErrorAction, -WarningAction, -InformationAction, -ProgressAction, else the caller's preference
/// variables), set around each run of the callback in the reactor's runspace, so a callback behaves as
/// the same code would where it was written.
/// </summary>
internal sealed class CallerPreferences
{
    private static readonly (string Variable, string Parameter)[] Names =
    [
        ("VerbosePreference", "Verbose"), ("DebugPreference", "Debug"), ("ErrorActionPreference", "ErrorAction"),
        ("WarningPreference", "WarningAction"), ("InformationPreference", "InformationAction"), ("ProgressPreference", "ProgressAction"),
    ];

    private readonly object?[] _values;

    private CallerPreferences(object?[] values) => _values = values;

    /// <summary>What <paramref name="cmdlet"/> runs with; read on its pipeline thread.</summary>
    public static CallerPreferences Of(PSCmdlet cmdlet)
    {
        var values = new object?[Names.Length];
        for (var i = 0; i < Names.Length; i++)
        {
            var (variable, parameter) = Names[i];
            values[i] = cmdlet.MyInvocation.BoundParameters.TryGetValue(parameter, out var bound)
                ? bound switch
                {
                    SwitchParameter sw => sw.IsPresent ? ActionPreference.Continue : ActionPreference.SilentlyContinue,
                    _ => bound,
                }
                : cmdlet.GetVariableValue(variable);
        }
        return new CallerPreferences(values);
    }

    /// <summary>Sets the preferences in <paramref name="runspace"/> and returns what they were, to put back with <see cref="Restore"/>.</summary>
    public object?[] Apply(Runspace runspace)
    {
        var variables = runspace.SessionStateProxy.PSVariable;
        var before = new object?[Names.Length];
        for (var i = 0; i < Names.Length; i++)
        {
            before[i] = variables.GetValue(Names[i].Variable);
            if (_values[i] is not null) variables.Set(Names[i].Variable, _values[i]);
        }
        return before;
    }

    /// <summary>Puts back what <see cref="Apply"/> returned.</summary>
    public static void Restore(Runspace runspace, object?[] before)
    {
        var variables = runspace.SessionStateProxy.PSVariable;
        for (var i = 0; i < Names.Length; i++)
            if (before[i] is not null) variables.Set(Names[i].Variable, before[i]);
    }
}
