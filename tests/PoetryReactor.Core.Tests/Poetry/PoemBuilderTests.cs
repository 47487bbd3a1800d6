using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;

namespace PoetryReactor.Core.Tests.Poetry;

public class PoemBuilderTests
{
    private static readonly DateTimeOffset Start = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly HostPort Address = HostPort.Parse("7000");

    [Fact]
    public void Times_come_from_the_clock()
    {
        var clock = new ManualTimeProvider(Start);
        var builder = new PoemBuilder(2, Address, PoetryClientMode.Select, 100, clock);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(builder.TryAppend("ab"u8, out ChunkEvent first));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(builder.TryAppend("cde"u8, out ChunkEvent second));
        clock.Advance(TimeSpan.FromSeconds(0.5));

        Poem poem = builder.Complete();

        Assert.Equal(Start, poem.StartTime);
        Assert.Equal(Start.AddSeconds(1), poem.FirstByteTime);
        Assert.Equal(Start.AddSeconds(3.5), poem.EndTime);
        Assert.Equal(TimeSpan.FromSeconds(3.5), poem.Elapsed);
        Assert.Equal(new ChunkEvent(2, "127.0.0.1:7000", 2, Start.AddSeconds(1), Environment.CurrentManagedThreadId, 2), first);
        Assert.Equal(5, second.TotalBytes);
        Assert.Equal(3, second.Bytes);
    }

    [Fact]
    public void A_complete_poem_holds_the_bytes_chunks_and_threads()
    {
        var builder = new PoemBuilder(1, Address, PoetryClientMode.Threaded, 100);
        builder.TryAppend("Line one\n"u8, out _);
        builder.TryAppend("Line two"u8, out _);

        Poem poem = builder.Complete();

        Assert.True(poem.Complete);
        Assert.Null(poem.Error);
        Assert.Equal("Line one\nLine two", poem.Text);
        Assert.Equal(17, poem.Bytes);
        Assert.Equal(2, poem.Chunks);
        Assert.Equal(PoetryClientMode.Threaded, poem.Mode);
        Assert.Equal([Environment.CurrentManagedThreadId], poem.ThreadIds);
        Assert.False(poem.HasInvalidUtf8);
        Assert.Null(new PoemBuilder(1, Address, PoetryClientMode.Blocking, 1).Complete().FirstByteTime);
    }

    [Fact]
    public void Utf8_split_across_chunks_is_decoded_only_at_the_end()
    {
        byte[] bytes = PoetryTestSupport.Utf8("café 月");
        var builder = new PoemBuilder(1, Address, PoetryClientMode.Blocking, 100);
        foreach (byte b in bytes)
        {
            builder.TryAppend([b], out _);
        }

        Poem poem = builder.Complete();

        Assert.Equal("café 月", poem.Text);
        Assert.Equal(bytes.Length, poem.Chunks);
        Assert.False(poem.HasInvalidUtf8);
    }

    [Fact]
    public void Invalid_utf8_is_replaced_and_flagged()
    {
        var builder = new PoemBuilder(1, Address, PoetryClientMode.Blocking, 100);
        builder.TryAppend([0x66, 0xFF, 0x6F, 0xE6], out _);

        Poem poem = builder.Complete();

        Assert.True(poem.HasInvalidUtf8);
        Assert.Equal("f\uFFFDo\uFFFD", poem.Text);
        Assert.Equal([0x66, 0xFF, 0x6F, 0xE6], poem.GetBytes());
    }

    [Fact]
    public void Growing_past_MaxBytes_keeps_only_the_limit_and_fails_as_too_large()
    {
        var builder = new PoemBuilder(1, Address, PoetryClientMode.Blocking, 5);
        Assert.True(builder.TryAppend("abc"u8, out _));
        Assert.False(builder.TryAppend("defg"u8, out ChunkEvent chunk));
        Assert.Equal(2, chunk.Bytes);
        Assert.Equal(5, chunk.TotalBytes);

        Poem poem = builder.Fail(builder.TooLargeError());

        Assert.False(poem.Complete);
        Assert.Equal("abcde", poem.Text);
        Assert.Equal(PoetryErrorKind.TooLarge, PoetryTestSupport.ErrorKind(poem));
        Assert.Equal(PoetryErrorKind.TooLarge, ((PoetryException)poem.Error!).Kind);
    }

    [Fact]
    public void A_poem_is_built_once()
    {
        var builder = new PoemBuilder(1, Address, PoetryClientMode.Blocking, 5);
        builder.Complete();

        Assert.Throws<InvalidOperationException>(() => builder.Complete());
        Assert.Throws<InvalidOperationException>(() => builder.TryAppend("x"u8, out _));
    }

    [Theory]
    [InlineData(System.Net.Sockets.SocketError.ConnectionRefused, PoetryErrorKind.ConnectionRefused)]
    [InlineData(System.Net.Sockets.SocketError.ConnectionReset, PoetryErrorKind.ConnectionLost)]
    [InlineData(System.Net.Sockets.SocketError.TimedOut, PoetryErrorKind.Timeout)]
    [InlineData(System.Net.Sockets.SocketError.HostNotFound, PoetryErrorKind.HostNotFound)]
    [InlineData(System.Net.Sockets.SocketError.AddressAlreadyInUse, PoetryErrorKind.AddressInUse)]
    [InlineData(System.Net.Sockets.SocketError.NetworkUnreachable, PoetryErrorKind.HostUnreachable)]
    [InlineData(System.Net.Sockets.SocketError.AccessDenied, PoetryErrorKind.SocketError)]
    public void Socket_errors_map_to_kinds(System.Net.Sockets.SocketError error, PoetryErrorKind kind)
    {
        PoetryException e = PoetryException.FromSocketError(error, "127.0.0.1:9");

        Assert.Equal(kind, e.Kind);
        Assert.Equal("127.0.0.1:9", e.Target);
        Assert.StartsWith("127.0.0.1:9: ", e.Message);
    }
}
