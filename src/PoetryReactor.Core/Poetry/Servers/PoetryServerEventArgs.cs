using System.Diagnostics;

namespace PoetryReactor.Core.Poetry.Servers;

/// <summary>One server connection's event: who, how much, and why it ended if it did.</summary>
public sealed class PoetryServerEventArgs : EventArgs
{
    internal PoetryServerEventArgs(long connectionNumber, string peer, int bytes, long connectionBytes,
        DateTimeOffset timestamp, Exception? error)
    {
        ConnectionNumber = connectionNumber;
        Peer = peer;
        Bytes = bytes;
        ConnectionBytes = connectionBytes;
        Timestamp = timestamp;
        Error = error;
    }

    /// <summary>1-based accept order of the connection on its server.</summary>
    public long ConnectionNumber { get; }

    /// <summary>The client's address, e.g. <c>127.0.0.1:50312</c>.</summary>
    public string Peer { get; }

    /// <summary>Bytes sent by this chunk (0 for events other than ChunkSent).</summary>
    public int Bytes { get; }

    /// <summary>Bytes sent on this connection so far.</summary>
    public long ConnectionBytes { get; }

    /// <summary>When it happened.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Why an aborted connection ended; null for other events.</summary>
    public Exception? Error { get; }
}
