using System.Management.Automation;

namespace PoetryReactor;

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
}
