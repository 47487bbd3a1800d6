namespace PoetryReactor.Core.Poetry.Servers;

/// <summary>How a poetry server serves its clients.</summary>
public enum PoetryServerMode
{
    /// <summary>Blocking sockets on a dedicated thread, one client at a time (<see cref="BlockingPoetryServer"/>).</summary>
    Blocking,
    /// <summary>On a reactor, timed with CallLater, any number of clients at once (<see cref="ReactorPoetryServer"/>).</summary>
    Reactor,
}
