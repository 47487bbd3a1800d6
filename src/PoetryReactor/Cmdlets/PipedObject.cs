using System.Management.Automation;
using System.Management.Automation.Internal;
using System.Reflection;

namespace PoetryReactor.Cmdlets;

/// <summary>
/// The object a cmdlet is processing from the pipeline, which the engine keeps but does not expose to
/// compiled cmdlets; read so that parameters bound by property name can be checked against its type.
/// </summary>
internal static class PipedObject
{
    private static readonly PropertyInfo? Current = typeof(Cmdlet).BaseType?.GetProperty("CurrentPipelineObject", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>The object being processed, or null with no pipeline input (or where the engine does not say: then nothing is checked).</summary>
    public static PSObject? Value(Cmdlet cmdlet)
    {
        var value = Current?.GetValue(cmdlet) as PSObject;
        return value is null || ReferenceEquals(value, AutomationNull.Value) ? null : value;
    }
}
