namespace PoetryReactor.Core;

/// <summary>Raised by <see cref="Reactor.Stop"/> when the reactor is not running or is already stopping.</summary>
public class ReactorNotRunningException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public ReactorNotRunningException() : base("Can't stop reactor that isn't running.") { }
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ReactorNotRunningException(string message) : base(message) { }
}
