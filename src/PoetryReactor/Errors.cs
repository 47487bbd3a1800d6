using System.Management.Automation;
using System.Text;

namespace PoetryReactor;

/// <summary>Builds the module's ErrorRecords: stable ErrorIds, the right category, the target object.</summary>
internal static class Errors
{
    public static ErrorRecord Record(Exception ex, string errorId, ErrorCategory category, object? target) =>
        new(ex, errorId, category, target);

    /// <summary>A callback threw: ErrorId ReactorCallbackFailed, and the callback's origin in the message.</summary>
    public static ErrorRecord CallbackFailed(string origin, Exception ex)
    {
        var inner = ex is RuntimeException { ErrorRecord: { } er } ? er.Exception : ex;
        var category = ex is RuntimeException { ErrorRecord: { } r } ? r.CategoryInfo.Category : ErrorCategory.NotSpecified;
        var record = new ErrorRecord(inner, "ReactorCallbackFailed", category, origin)
        {
            ErrorDetails = new ErrorDetails($"Callback {origin} failed: {Escape(inner.Message)}"),
        };
        return record;
    }

    /// <summary>Escapes control characters so text from the network cannot drive the console.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var bad = char.IsControl(c) && c != '\n' && c != '\t' && c != '\r';
            if (bad && sb is null) sb = new StringBuilder(text, 0, i, text.Length + 16);
            if (sb is null) continue;
            if (bad) sb.Append("\\x").Append(((int)c).ToString("x2"));
            else sb.Append(c);
        }
        return sb?.ToString() ?? text;
    }
}
