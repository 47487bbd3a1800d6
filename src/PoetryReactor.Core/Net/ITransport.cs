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
