using System.Text;

namespace PoetryReactor.Core.Net;

/// <summary>
/// Cuts a byte stream into lines at a delimiter, across reads: what follows the last delimiter waits
/// for the next read. With the delimiter "\n", a "\r" before it is dropped too, so "\r\n" lines read
/// the same. Lines are decoded as UTF-8 (a character split across reads arrives whole). A line that
/// grows past the limit is reported once and the splitter stops.
/// </summary>
internal sealed class LineSplitter
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private readonly byte[] _delimiter;
    private readonly bool _dropCarriageReturn;
    private byte[] _buffer = new byte[256];
    private int _length;

    /// <summary>Creates a splitter for <paramref name="delimiter"/> (UTF-8) with lines of at most <paramref name="maxLength"/> bytes.</summary>
    /// <exception cref="ArgumentException">The delimiter is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The limit is not positive.</exception>
    public LineSplitter(string delimiter = "\n", int maxLength = DefaultMaxLength)
    {
        ArgumentException.ThrowIfNullOrEmpty(delimiter);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        _delimiter = Utf8.GetBytes(delimiter);
        _dropCarriageReturn = delimiter == "\n";
        MaxLength = maxLength;
    }

    /// <summary>The longest line, in bytes, kept by default (Twisted's LineReceiver.MAX_LENGTH is 16,384).</summary>
    public const int DefaultMaxLength = 16_384;

    /// <summary>The longest line taken, in bytes, without its delimiter.</summary>
    public int MaxLength { get; }

    /// <summary>True once a line grew past <see cref="MaxLength"/>: nothing more is taken.</summary>
    public bool Exceeded { get; private set; }

    /// <summary>Bytes held that are not yet a whole line.</summary>
    public int Pending => _length;

    /// <summary>
    /// Takes <paramref name="data"/> and calls <paramref name="line"/> for each whole line, in order.
    /// Returns false, without calling it again, once a line is longer than <see cref="MaxLength"/>
    /// (<paramref name="line"/> may have stopped the splitter earlier by throwing).
    /// </summary>
    public bool Feed(ReadOnlySpan<byte> data, Action<string> line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (Exceeded) return false;
        Append(data);
        var start = 0;
        while (true)
        {
            var at = _buffer.AsSpan(start, _length - start).IndexOf(_delimiter);
            if (at < 0) break;
            var end = start + at;
            var lineLength = _dropCarriageReturn && at > 0 && _buffer[end - 1] == (byte)'\r' ? at - 1 : at;
            if (lineLength > MaxLength) return Exceed();
            var text = Utf8.GetString(_buffer, start, lineLength);
            start = end + _delimiter.Length;
            line(text);
            if (Exceeded) return false;
        }
        // Keep the partial line at the front.
        Buffer.BlockCopy(_buffer, start, _buffer, 0, _length - start);
        _length -= start;
        // The partial line alone is too long once it passes the limit plus room for "\r" and the delimiter.
        return _length <= MaxLength + _delimiter.Length || Exceed();
    }

    private bool Exceed()
    {
        Exceeded = true;
        _length = 0;
        return false;
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_length + data.Length > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + data.Length));
        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }
}
