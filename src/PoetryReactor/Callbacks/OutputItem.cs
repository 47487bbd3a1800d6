using System.Management.Automation;

namespace PoetryReactor.Callbacks;

/// <summary>One record made on the reactor thread, to be written by a pipeline thread.</summary>
internal readonly struct OutputItem
{
    public OutputItem(OutputKind kind, object? payload)
    {
        Kind = kind;
        Payload = payload;
    }

    public OutputKind Kind { get; }

    /// <summary>The object; an <see cref="ErrorRecord"/>, a string (warning, verbose),
    /// an <see cref="InformationRecord"/> or a <see cref="ProgressRecord"/> for the other kinds.</summary>
    public object? Payload { get; }

    public static OutputItem Object(object? value) => new(OutputKind.Object, value);
    public static OutputItem Error(ErrorRecord record) => new(OutputKind.Error, record);
    public static OutputItem Warning(string message) => new(OutputKind.Warning, message);
    public static OutputItem Verbose(string message) => new(OutputKind.Verbose, message);
}
