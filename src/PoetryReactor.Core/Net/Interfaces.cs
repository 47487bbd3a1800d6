using System.Net;
using PoetryReactor.Core.Defer;

namespace PoetryReactor.Core.Net;

/// <summary>
/// One end of a connection, as a protocol sees it (Twisted's <c>ITransport</c>). Every member is
/// called on the reactor thread. Writes never block: what the socket does not take at once is
/// buffered and sent when it becomes writable.
/// </summary>
public interface ITransport
{
    /// <summary>
    /// Sends <paramref name="data"/> (copied if it cannot be sent at once). Ignored after
    /// <see cref="LoseConnection"/> or once the connection is closed.
    /// </summary>
    void Write(ReadOnlySpan<byte> data);

    /// <summary>As <see cref="Write(ReadOnlySpan{byte})"/>, for callers without spans (e.g. PowerShell).</summary>
    void Write(byte[] data);

    /// <summary>Writes each buffer in turn, as one <see cref="Write(byte[])"/> each.</summary>
    void WriteSequence(IEnumerable<byte[]> data);

    /// <summary>
    /// Closes the connection cleanly once everything written so far has been sent; reading stops
    /// now. The protocol then hears <see cref="Protocol.ConnectionLost"/> with a
    /// <see cref="ConnectionDoneException"/>. Calling it again does nothing.
    /// </summary>
    void LoseConnection();

    /// <summary>
    /// Closes the connection now, dropping buffered data, with a reset (RST, linger 0). The protocol
    /// hears <see cref="Protocol.ConnectionLost"/> with a <see cref="ConnectionAbortedError"/> on a
    /// later reactor pass, never from inside this call.
    /// </summary>
    void AbortConnection();

    /// <summary>The remote address.</summary>
    EndPoint GetPeer();

    /// <summary>The local address.</summary>
    EndPoint GetHost();

    /// <summary>
    /// Registers a producer that feeds this transport. <paramref name="streaming"/> true: it must be an
    /// <see cref="IPushProducer"/>, paused when the write buffer passes the high-water mark and resumed
    /// below the low-water mark. False: it must be an <see cref="IPullProducer"/>, asked for more (now,
    /// and each time the buffer drains). On a closed transport the producer is stopped at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">A producer is already registered.</exception>
    /// <exception cref="ArgumentException">The producer does not match <paramref name="streaming"/>.</exception>
    void RegisterProducer(IProducer producer, bool streaming);

    /// <summary>Forgets the registered producer (it is not stopped). No-op if none.</summary>
    void UnregisterProducer();
}

/// <summary>Something that writes to a transport on its own schedule (Twisted's <c>IProducer</c>).</summary>
public interface IProducer
{
    /// <summary>The consumer is gone (the connection closed): stop for good.</summary>
    void StopProducing();
}

/// <summary>A producer that writes until told to pause (Twisted's <c>IPushProducer</c>).</summary>
public interface IPushProducer : IProducer
{
    /// <summary>The consumer's buffer is full: stop writing until <see cref="ResumeProducing"/>.</summary>
    void PauseProducing();

    /// <summary>The consumer can take more again.</summary>
    void ResumeProducing();
}

/// <summary>A producer that writes only when asked (Twisted's <c>IPullProducer</c>).</summary>
public interface IPullProducer : IProducer
{
    /// <summary>Write some more now.</summary>
    void ResumeProducing();
}

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

/// <summary>Where an outgoing connection stands.</summary>
public enum ConnectorState
{
    /// <summary>Not connected and not trying (before <see cref="IConnector.Connect"/>, or after a failure or loss).</summary>
    Disconnected,
    /// <summary>Resolving the host or waiting for the connect to complete.</summary>
    Connecting,
    /// <summary>Connected: a protocol is running.</summary>
    Connected,
}

/// <summary>An outgoing TCP connection and its attempts (Twisted's <c>IConnector</c>). Reactor thread only.</summary>
public interface IConnector
{
    /// <summary>Where it stands now.</summary>
    ConnectorState State { get; }

    /// <summary>The transport while connected, else null.</summary>
    ITransport? Transport { get; }

    /// <summary>Starts connecting (again, e.g. from <see cref="ClientFactory.ClientConnectionLost"/>).</summary>
    /// <exception cref="InvalidOperationException">Not <see cref="ConnectorState.Disconnected"/>.</exception>
    void Connect();

    /// <summary>
    /// Gives up a connect in progress: the factory hears <see cref="ClientFactory.ClientConnectionFailed"/>
    /// with a <see cref="UserError"/>.
    /// </summary>
    /// <exception cref="NotConnectingError">Not <see cref="ConnectorState.Connecting"/>.</exception>
    void StopConnecting();

    /// <summary>Stops connecting, or loses the connection cleanly if connected; no-op when disconnected.</summary>
    void Disconnect();

    /// <summary>The address it connects to: an <see cref="IPEndPoint"/> for an IP literal, else a <see cref="DnsEndPoint"/>.</summary>
    EndPoint GetDestination();
}
