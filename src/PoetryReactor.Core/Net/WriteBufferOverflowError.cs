using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Net;

/// <summary>
/// The connection was aborted because a plain <see cref="ITransport.Write(ReadOnlySpan{byte})"/> would have
/// buffered more than <see cref="TcpConnection.MaxBufferSize"/> bytes for a peer that does not read.
/// </summary>
public class WriteBufferOverflowError : ConnectionAbortedError
{
    /// <summary>Creates the reason for a buffer that would have reached <paramref name="wouldBe"/> bytes.</summary>
    public WriteBufferOverflowError(long wouldBe, int limit)
        : base($"The write buffer would hold {wouldBe} bytes, over the limit of {limit}; the peer is not reading.") { }
}
