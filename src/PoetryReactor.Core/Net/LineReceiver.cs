using System.Text;

namespace PoetryReactor.Core.Net;

/// <summary>
/// Twisted's <c>LineReceiver</c>: a protocol that receives whole lines. Override <see cref="LineReceived"/>;
/// <see cref="SendLine"/> writes one. Lines end with <see cref="Delimiter"/> ("\n" by default, "\r\n"
/// read as well); a line longer than <see cref="MaxLength"/> bytes calls <see cref="LineLengthExceeded"/>,
/// which closes the connection unless overridden.
/// </summary>
public abstract class LineReceiver : Protocol
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private LineSplitter? _splitter;

    /// <summary>What ends a line, in both directions.</summary>
    public string Delimiter { get; init; } = "\n";

    /// <summary>The longest line taken, in bytes.</summary>
    public int MaxLength { get; init; } = LineSplitter.DefaultMaxLength;

    /// <summary>A whole line arrived, without its delimiter.</summary>
    public abstract void LineReceived(string line);

    /// <summary>A line grew past <see cref="MaxLength"/>; by default the connection closes (Twisted's behaviour).</summary>
    public virtual void LineLengthExceeded(int length) => Transport?.LoseConnection();

    /// <summary>Writes <paramref name="line"/> and the delimiter, as UTF-8.</summary>
    public void SendLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        Transport?.Write(Utf8.GetBytes(line + Delimiter));
    }

    /// <inheritdoc />
    public override void DataReceived(ReadOnlySpan<byte> data)
    {
        _splitter ??= new LineSplitter(Delimiter, MaxLength);
        var pending = _splitter.Pending + data.Length;
        if (!_splitter.Feed(data, LineReceived) && _splitter.Exceeded) LineLengthExceeded(pending);
    }
}
