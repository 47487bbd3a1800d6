namespace PoetryReactor.Core;

/// <summary>Raised by <see cref="Reactor.Run"/> when the reactor is already running.</summary>
public class ReactorAlreadyRunningException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public ReactorAlreadyRunningException() : base("The reactor is already running.") { }
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ReactorAlreadyRunningException(string message) : base(message) { }
}
