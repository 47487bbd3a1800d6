using System.Text;

namespace PoetryReactor.Errors;

/// <summary>Text from the network or from users, made safe to print in messages.</summary>
internal static class SafeText
{
    /// <summary>Escapes control characters (but newline, tab and carriage return) so text cannot drive the console.</summary>
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
