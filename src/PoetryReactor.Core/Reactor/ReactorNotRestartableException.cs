namespace PoetryReactor.Core;

/// <summary>Raised by <see cref="Reactor.Run"/> on a reactor that has been stopped: a reactor runs once.</summary>
public class ReactorNotRestartableException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public ReactorNotRestartableException() : base("The reactor cannot be restarted.") { }
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ReactorNotRestartableException(string message) : base(message) { }
}
