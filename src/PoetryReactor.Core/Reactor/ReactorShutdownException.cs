namespace PoetryReactor.Core;

/// <summary>The reason given to descriptors the reactor closes while it shuts down.</summary>
public class ReactorShutdownException : ConnectionLostException
{
    /// <summary>Creates the reason with the message "reactor shut down".</summary>
    public ReactorShutdownException() : base("reactor shut down") { }
}
