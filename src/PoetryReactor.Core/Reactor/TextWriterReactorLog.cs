namespace PoetryReactor.Core;

/// <summary>Writes reactor errors and warnings to a <see cref="TextWriter"/> (standard error by default).</summary>
public sealed class TextWriterReactorLog : IReactorLog
{
    private readonly TextWriter _writer;

    /// <summary>Creates a log on <paramref name="writer"/>, or on <see cref="Console.Error"/> when null.</summary>
    public TextWriterReactorLog(TextWriter? writer = null) => _writer = writer ?? Console.Error;

    /// <inheritdoc />
    public void Error(string origin, Exception ex) => _writer.WriteLine($"[reactor] error in {origin}: {ex}");

    /// <inheritdoc />
    public void Warning(string origin, string message) => _writer.WriteLine($"[reactor] warning from {origin}: {message}");
}
