namespace PoetryReactor.Core;

/// <summary>Base of the reasons handed to <see cref="IFileDescriptor.ConnectionLost"/>.</summary>
public class ConnectionClosedException : Exception
{
    /// <summary>Creates the reason with <paramref name="message"/>.</summary>
    public ConnectionClosedException(string message) : base(message) { }
    /// <summary>Creates the reason with <paramref name="message"/> and the error that caused it.</summary>
    public ConnectionClosedException(string message, Exception? inner) : base(message, inner) { }
}
