namespace PoetryReactor.Core.Poetry.Clients;

/// <summary>The client models the tutorial teaches, one per <see cref="IPoetryClient"/>.</summary>
public enum PoetryClientMode
{
    /// <summary>Blocking sockets, one server after another.</summary>
    Blocking,
    /// <summary>Blocking sockets, a dedicated thread per server.</summary>
    Threaded,
    /// <summary>Non-blocking sockets driven by a <c>Socket.Select</c> loop on one thread.</summary>
    Select,
    /// <summary>The reactor with a read descriptor per connection.</summary>
    Reader,
    /// <summary>The reactor with protocols, client factories and <c>ConnectTcp</c>.</summary>
    Protocol,
}
