namespace PoetryReactor.Hosting;

/// <summary>A reactor already runs on the other kind of clock (real or manual) than the one asked for.</summary>
public sealed class ClockMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ClockMismatchException(string message) : base(message) { }
}
