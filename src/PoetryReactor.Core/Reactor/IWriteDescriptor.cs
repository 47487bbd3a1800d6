using System.Net.Sockets;

namespace PoetryReactor.Core;

/// <summary>A descriptor that wants to know when it can be written.</summary>
public interface IWriteDescriptor : IFileDescriptor
{
    /// <summary>
    /// Called when the descriptor can be written. Returns null to keep going, or the reason the
    /// connection is over (handled as for <see cref="IReadDescriptor.DoRead"/>).
    /// </summary>
    Exception? DoWrite();
}
