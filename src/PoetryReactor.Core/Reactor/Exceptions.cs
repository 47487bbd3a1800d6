namespace PoetryReactor.Core;

/// <summary>Raised by <see cref="DelayedCall"/> operations on a call that has already run.</summary>
public class AlreadyCalledException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public AlreadyCalledException() : base("The delayed call has already been called.") { }
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public AlreadyCalledException(string message) : base(message) { }
}

/// <summary>Raised by <see cref="DelayedCall"/> operations on a call that has already been cancelled.</summary>
public class AlreadyCancelledException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public AlreadyCancelledException() : base("The delayed call has already been cancelled.") { }
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public AlreadyCancelledException(string message) : base(message) { }
}

/// <summary>Raised by <see cref="Reactor.Stop"/> when the reactor is not running or is already stopping.</summary>
public class ReactorNotRunningException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public ReactorNotRunningException() : base("Can't stop reactor that isn't running.") { }
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ReactorNotRunningException(string message) : base(message) { }
}

/// <summary>Raised by <see cref="Reactor.Run"/> when the reactor is already running.</summary>
public class ReactorAlreadyRunningException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public ReactorAlreadyRunningException() : base("The reactor is already running.") { }
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ReactorAlreadyRunningException(string message) : base(message) { }
}

/// <summary>Raised by <see cref="Reactor.Run"/> on a reactor that has been stopped: a reactor runs once.</summary>
public class ReactorNotRestartableException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public ReactorNotRestartableException() : base("The reactor cannot be restarted.") { }
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ReactorNotRestartableException(string message) : base(message) { }
}

/// <summary>Base of the reasons handed to <see cref="IFileDescriptor.ConnectionLost"/>.</summary>
public class ConnectionClosedException : Exception
{
    /// <summary>Creates the reason with <paramref name="message"/>.</summary>
    public ConnectionClosedException(string message) : base(message) { }
    /// <summary>Creates the reason with <paramref name="message"/> and the error that caused it.</summary>
    public ConnectionClosedException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>The connection was closed cleanly (end of stream).</summary>
public class ConnectionDoneException : ConnectionClosedException
{
    /// <summary>Creates the reason with a default message.</summary>
    public ConnectionDoneException() : base("Connection was closed cleanly.") { }
    /// <summary>Creates the reason with <paramref name="message"/>.</summary>
    public ConnectionDoneException(string message) : base(message) { }
}

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

/// <summary>The reason given to descriptors the reactor closes while it shuts down.</summary>
public class ReactorShutdownException : ConnectionLostException
{
    /// <summary>Creates the reason with the message "reactor shut down".</summary>
    public ReactorShutdownException() : base("reactor shut down") { }
}
