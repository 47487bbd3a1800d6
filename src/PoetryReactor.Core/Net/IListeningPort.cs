using System.Net;
using PoetryReactor.Core.Defer;

namespace PoetryReactor.Core.Net;

/// <summary>A listening TCP port (Twisted's <c>IListeningPort</c>).</summary>
public interface IListeningPort
{
    /// <summary>The bound address, as text (e.g. <c>127.0.0.1</c>).</summary>
    string Host { get; }

    /// <summary>The bound port: the real one when port 0 was asked for.</summary>
    int Port { get; }

    /// <summary>The bound endpoint.</summary>
    IPEndPoint GetHost();

    /// <summary>
    /// Stops accepting and closes the listening socket now (the port is free when this returns;
    /// connections already accepted stay open). The returned Deferred fires with null on a later
    /// reactor pass, after the factory's <see cref="Factory.DoStop"/>. Calling it again returns an
    /// already fired Deferred. Reactor thread only.
    /// </summary>
    Deferred StopListening();
}
