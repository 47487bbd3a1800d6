using System.Management.Automation;

namespace PoetryReactor.Cmdlets;

/// <summary>Reads a cmdlet's effective preferences, so work that only feeds a silenced stream can be skipped.</summary>
internal static class CmdletPreferences
{
    /// <summary>True when verbose records would be shown: -Verbose, or $VerbosePreference not silent.</summary>
    public static bool IsVerbose(PSCmdlet cmdlet)
    {
        if (cmdlet.MyInvocation.BoundParameters.TryGetValue("Verbose", out var bound))
            return bound is SwitchParameter sw ? sw.IsPresent : LanguagePrimitives.IsTrue(bound);
        var preference = cmdlet.GetVariableValue("VerbosePreference");
        return LanguagePrimitives.TryConvertTo(preference, out ActionPreference p)
               && p is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);
    }

    /// <summary>False when progress records would be dropped: -ProgressAction or $ProgressPreference silent.</summary>
    public static bool ShowsProgress(PSCmdlet cmdlet)
    {
        object? preference = cmdlet.MyInvocation.BoundParameters.TryGetValue("ProgressAction", out var bound)
            ? bound
            : cmdlet.GetVariableValue("ProgressPreference");
        return !(LanguagePrimitives.TryConvertTo(preference, out ActionPreference p)
                 && p is (ActionPreference.SilentlyContinue or ActionPreference.Ignore));
    }
}
