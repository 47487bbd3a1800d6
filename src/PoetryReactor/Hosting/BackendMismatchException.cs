namespace PoetryReactor.Hosting;

/// <summary>A reactor already runs with another backend than the one asked for.</summary>
public sealed class BackendMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public BackendMismatchException(string message) : base(message) { }
}
