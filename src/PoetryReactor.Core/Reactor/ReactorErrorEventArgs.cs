namespace PoetryReactor.Core;

/// <summary>Data of <see cref="Reactor.CallbackFailed"/>: which callback failed and how.</summary>
public sealed class ReactorErrorEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public ReactorErrorEventArgs(string origin, Exception exception)
    {
        Origin = origin;
        Exception = exception;
    }

    /// <summary>The callback's name (method name, or a descriptor's <see cref="IFileDescriptor.LogPrefix"/>).</summary>
    public string Origin { get; }

    /// <summary>What it threw.</summary>
    public Exception Exception { get; }
}
