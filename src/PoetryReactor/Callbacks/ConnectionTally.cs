namespace PoetryReactor.Callbacks;

/// <summary>What one listener worker's connections have done; written on its reactor thread, read from any.</summary>
internal sealed class ConnectionTally
{
    private long _accepted;
    private long _active;
    private long _bytesSent;
    private long _bytesReceived;

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Active => Interlocked.Read(ref _active);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    public void Opened()
    {
        Interlocked.Increment(ref _accepted);
        Interlocked.Increment(ref _active);
    }

    public void Closed() => Interlocked.Decrement(ref _active);

    public void Sent(long bytes) => Interlocked.Add(ref _bytesSent, bytes);

    public void Received(long bytes) => Interlocked.Add(ref _bytesReceived, bytes);
}
