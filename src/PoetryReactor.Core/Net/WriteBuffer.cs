using System.Buffers;

namespace PoetryReactor.Core.Net;

/// <summary>
/// The bytes a connection could not send yet: one pooled array, compacted or grown as needed,
/// returned to the pool as soon as it drains (so an idle connection holds no buffer).
/// </summary>
internal struct WriteBuffer
{
    private const int MinimumSize = 4096;

    private byte[]? _array;
    private int _start;
    private int _end;

    public readonly int Count => _end - _start;

    public readonly ReadOnlySpan<byte> Pending => _array is null ? default : _array.AsSpan(_start, _end - _start);

    public void Append(ReadOnlySpan<byte> data)
    {
        int needed = Count + data.Length;
        if (_array is null)
        {
            _array = ArrayPool<byte>.Shared.Rent(Math.Max(needed, MinimumSize));
        }
        else if (_end + data.Length > _array.Length)
        {
            byte[] target = needed <= _array.Length
                ? _array
                : ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * _array.Length)));
            _array.AsSpan(_start, Count).CopyTo(target);
            if (!ReferenceEquals(target, _array)) ArrayPool<byte>.Shared.Return(_array);
            _array = target;
            _end = Count;
            _start = 0;
        }
        data.CopyTo(_array.AsSpan(_end));
        _end += data.Length;
    }

    /// <summary>Drops <paramref name="count"/> sent bytes from the front; releases the array when empty.</summary>
    public void Consume(int count)
    {
        _start += count;
        if (_start == _end) Release();
    }

    public void Release()
    {
        if (_array is not null) ArrayPool<byte>.Shared.Return(_array);
        _array = null;
        _start = _end = 0;
    }
}
