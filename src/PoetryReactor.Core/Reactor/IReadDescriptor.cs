using System.Net.Sockets;

namespace PoetryReactor.Core;

/// <summary>A descriptor that wants to know when it can be read.</summary>
public interface IReadDescriptor : IFileDescriptor
{
    /// <summary>
    /// Called when data is available (or end of stream / an error is pending).
    /// Returns null to keep going, or the reason the connection is over: the reactor then
    /// removes the descriptor (reader and writer) and calls <see cref="IFileDescriptor.ConnectionLost"/>.
    /// </summary>
    Exception? DoRead();
}
