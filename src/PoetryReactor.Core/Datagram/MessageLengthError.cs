namespace PoetryReactor.Core.Datagram;

/// <summary>A datagram longer than a UDP port can send (Twisted's <c>MessageLengthError</c>).</summary>
public class MessageLengthError : ArgumentException
{
    /// <summary>Creates the error for <paramref name="length"/> bytes against <paramref name="max"/>.</summary>
    public MessageLengthError(int length, int max)
        : base($"A datagram of {length:N0} bytes is longer than the {max:N0} bytes UDP can carry here.", "data")
    {
        Length = length;
        Max = max;
    }

    /// <summary>The length written.</summary>
    public int Length { get; }

    /// <summary>The most the port sends.</summary>
    public int Max { get; }
}
