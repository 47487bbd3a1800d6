namespace PoetryReactor.Hosting;

/// <summary>The reactor thread did not take up a request in time: a callback is holding it.</summary>
public sealed class ReactorBusyException : TimeoutException
{
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ReactorBusyException(string message) : base(message) { }
}
