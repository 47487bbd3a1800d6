namespace PoetryReactor.Core;

/// <summary>The connection was closed cleanly (end of stream).</summary>
public class ConnectionDoneException : ConnectionClosedException
{
    /// <summary>Creates the reason with a default message.</summary>
    public ConnectionDoneException() : base("Connection was closed cleanly.") { }
    /// <summary>Creates the reason with <paramref name="message"/>.</summary>
    public ConnectionDoneException(string message) : base(message) { }
}
