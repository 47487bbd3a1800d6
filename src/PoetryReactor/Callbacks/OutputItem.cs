using System.Management.Automation;

namespace PoetryReactor.Callbacks;

/// <summary>One record made on the reactor thread, to be written by a pipeline thread.</summary>
internal readonly struct OutputItem
{
    public OutputItem(OutputKind kind, object? payload, string? typeName = null)
    {
        Kind = kind;
        Payload = payload;
        TypeName = typeName;
    }

    public OutputKind Kind { get; }

    /// <summary>The object; an <see cref="ErrorRecord"/>, a string (warning, verbose),
    /// an <see cref="InformationRecord"/> or a <see cref="ProgressRecord"/> for the other kinds.</summary>
    public object? Payload { get; }

    /// <summary>An extended type name the object carries first in PowerShell (selects views, survives serialization).</summary>
    public string? TypeName { get; }

    /// <summary>
    /// The object as written: with <see cref="TypeName"/>, wrapped and tagged here, by the thread that
    /// writes it, so the reactor thread does not spend its time in PowerShell's object code.
    /// </summary>
    public object? Value()
    {
        if (TypeName is null) return Payload;
        var wrapped = new PSObject(Payload);
        wrapped.TypeNames.Insert(0, TypeName);
        return wrapped;
    }

    public static OutputItem Object(object? value, string? typeName = null) => new(OutputKind.Object, value, typeName);
    public static OutputItem Error(ErrorRecord record) => new(OutputKind.Error, record);
    public static OutputItem Warning(string message) => new(OutputKind.Warning, message);
    public static OutputItem Verbose(string message) => new(OutputKind.Verbose, message);
}
