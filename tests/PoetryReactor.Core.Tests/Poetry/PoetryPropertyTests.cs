using System.Text;
using CsCheck;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;

namespace PoetryReactor.Core.Tests.Poetry;

/// <summary>
/// Property tests on what comes from outside: address text typed by people, bytes sent by servers.
/// Counts are moderate so the file runs in a few seconds.
/// </summary>
public sealed class PoetryPropertyTests
{
    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

    private static readonly Gen<string> Host = Gen.OneOf<string>(
        "", "127.0.0.1", "localhost", "LocalHost", "::1", "[::1]", "[::ffff:127.0.0.1]", "2001:db8::1", "[2001:db8::1]",
        "[fe80::1%eth0]", "[fe80::1%25lo]", "[::1", "::1]", "[]", "no-such-host.invalid", "a..b", "-a-", "256.1.1.1",
        "１２７.0.0.1", "月.example", "café.invalid", "host name", "x:y", "\u200Bhost", "\u0000");

    private static readonly Gen<string> Port = Gen.OneOf<string>(
        Gen.Int[-70_000, 140_000].Select(p => p.ToString()),
        Gen.OneOf<string>("", "0", "65535", "65536", "+80", "-1", "0x50", "080", "1e3", "٨٠", "８０", " 80", "80 ", "99999999999999999999"));

    private static readonly Gen<string> Space = Gen.OneOf<string>("", "", " ", "\t", "\n", "\u00A0", "\u3000");

    /// <summary>Structured near-misses and valid forms, with whitespace around the parts.</summary>
    private static readonly Gen<string> ShapedAddress =
        Gen.Select(Space, Host, Gen.OneOf<string>(":", "", "::", ": "), Port, Space)
            .Select((a, h, sep, p, z) => a + h + sep + p + z);

    private static readonly Gen<string> AnyText = Gen.OneOf<string>(Gen.String, Gen.String[Gen.Char["0123456789:[].%ab \t"], 0, 30], ShapedAddress);

    [Fact]
    public void The_address_parser_gives_a_valid_address_or_a_FormatException_and_nothing_else()
    {
        int valid = 0;
        AnyText.Sample(text =>
        {
            HostPort address;
            try
            {
                address = HostPort.Parse(text);
            }
            catch (FormatException e)
            {
                Assert.DoesNotContain('\u0000', e.Message);
                Assert.DoesNotContain('\u001B', e.Message);
                return;
            }
            Interlocked.Increment(ref valid);
            Assert.InRange(address.Port, 1, 65535);
            Assert.False(string.IsNullOrWhiteSpace(address.Host));
            Assert.Equal(address, HostPort.Parse(address.ToString()));
            Assert.Equal(address.Host.Contains(':'), address.IsIPv6);
        }, iter: 10_000, threads: 1);
        Assert.True(valid > 100, $"only {valid} valid addresses generated: the generator is too far from the grammar");
    }

    [Fact]
    public void Ports_out_of_range_are_always_refused()
    {
        Gen.Select(Gen.OneOf<string>("", "127.0.0.1:", "localhost:", "[::1]:"), Gen.OneOf<int>(Gen.Int[int.MinValue, 0], Gen.Int[65_536, int.MaxValue]))
            .Sample((host, port) => { Assert.Throws<FormatException>(() => HostPort.Parse(host + port)); }, iter: 2_000, threads: 1);
    }

    /// <summary>Text with multi-byte characters, and sometimes bytes that are not UTF-8 spliced in.</summary>
    private static readonly Gen<(byte[] Bytes, string? Text)> PoemBytes = Gen.Select(
        Gen.String[Gen.Char["ab \n\u00e9\u00ef\u6708\u706f\u2014"], 0, 200].Select(s => s + "\U0001F319"),
        Gen.Bool,
        Gen.Byte[0x80, 0xFF].Array[1, 4],
        Gen.Int[0, 1000],
        (text, corrupt, junk, at) =>
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            if (!corrupt) return (bytes, (string?)text);
            int i = at % (bytes.Length + 1);
            return ([.. bytes[..i], .. junk, .. bytes[i..]], null);
        });

    [Fact]
    public void The_poem_decoder_gives_the_same_text_however_the_bytes_are_split()
    {
        Gen.Select(PoemBytes, Gen.Int[1, 64].Array[0, 40]).Sample((poem, cuts) =>
        {
            var (bytes, text) = poem;
            var builder = new PoemBuilder(1, HostPort.Parse("7000"), PoetryClientMode.Protocol, bytes.Length + 1);
            int offset = 0;
            foreach (int cut in cuts.Append(bytes.Length))
            {
                int take = Math.Min(cut, bytes.Length - offset);
                Assert.True(builder.TryAppend(bytes.AsSpan(offset, take), out _));
                offset += take;
            }
            Poem result = builder.Complete();

            Assert.True(result.Complete);
            Assert.Equal(bytes, result.GetBytes());
            Assert.Equal(Encoding.UTF8.GetString(bytes), result.Text); // one decode of the whole, splits or not
            bool valid = IsStrictUtf8(bytes);
            Assert.Equal(!valid, result.HasInvalidUtf8);
            if (text is not null) Assert.Equal(text, result.Text);
            if (!valid) Assert.Contains('\uFFFD', result.Text);
        }, iter: 3_000, threads: 1);
    }

    private static bool IsStrictUtf8(byte[] bytes)
    {
        try
        {
            Strict.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
