namespace PoetryReactor.HelpBuilder;

/// <summary>
/// One problem found in a help source file, printed as <c>file:line: message</c>
/// so editors and CI logs can jump to it. A line of 0 means "the file as a whole".
/// </summary>
public sealed record Diagnostic(string File, int Line, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}
