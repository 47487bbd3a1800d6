using System.Net;
using System.Text;
using PoetryReactor.Core.Net;

using PoetryReactor.Hosting;

namespace PoetryReactor.Callbacks;

/// <summary>
/// A connection's transport as scriptblock callbacks see it (<c>$_.Transport</c>): write bytes or text,
/// close. Safe from any thread: called inside a callback it acts at once; from elsewhere (a transport
/// kept in a variable) the call is marshalled to the reactor thread.
/// </summary>
public sealed class ScriptTransport
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private readonly ReactorHost _host;
    private readonly ITransport _inner;

    private readonly string _delimiter;
    private readonly ConnectionTally? _tally;
    private long _bytesSent;

    internal ScriptTransport(ReactorHost host, ITransport inner, string delimiter = "\n", ConnectionTally? tally = null)
    {
        _host = host;
        _inner = inner;
        _delimiter = delimiter;
        _tally = tally;
        Peer = inner.GetPeer();
        Host = inner.GetHost();
    }

    /// <summary>The remote address.</summary>
    public EndPoint Peer { get; }

    /// <summary>The local address.</summary>
    public EndPoint Host { get; }

    /// <summary>Sends <paramref name="data"/>; never blocks the loop (what the socket does not take is buffered).</summary>
    public void Write(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        OnReactor(() =>
        {
            _inner.Write(data);
            _bytesSent += data.Length;
            _tally?.Sent(data.Length);
        });
    }

    /// <summary>Bytes written through this transport so far.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Sends <paramref name="text"/> encoded as UTF-8 (no byte order mark, no newline added).</summary>
    public void Write(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(Utf8.GetBytes(text));
    }

    /// <summary>Sends <paramref name="line"/> and the connection's line delimiter (-Delimiter, a newline by default), as UTF-8 (Twisted's sendLine).</summary>
    public void WriteLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        Write(line + _delimiter);
    }

    /// <summary>Closes the connection once what was written has been sent (Twisted's loseConnection).</summary>
    public void LoseConnection() => OnReactor(_inner.LoseConnection);

    /// <summary>Closes the connection now with a reset, dropping unsent data.</summary>
    public void AbortConnection() => OnReactor(_inner.AbortConnection);

    /// <summary>Names both ends.</summary>
    public override string ToString() => $"ScriptTransport({Host} -> {Peer})";

    private void OnReactor(Action action) => _host.Invoke(_ => action(), CancellationToken.None);
}
