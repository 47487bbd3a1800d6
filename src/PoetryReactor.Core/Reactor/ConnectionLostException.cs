namespace PoetryReactor.Core;

/// <summary>The connection was lost in a non-clean fashion.</summary>
public class ConnectionLostException : ConnectionClosedException
{
    /// <summary>Creates the reason with a default message.</summary>
    public ConnectionLostException() : base("Connection was lost in a non-clean fashion.") { }
    /// <summary>Creates the reason with <paramref name="message"/>.</summary>
    public ConnectionLostException(string message) : base(message) { }
    /// <summary>Creates the reason with <paramref name="message"/> and the error that caused it.</summary>
    public ConnectionLostException(string message, Exception? inner) : base(message, inner) { }
}
