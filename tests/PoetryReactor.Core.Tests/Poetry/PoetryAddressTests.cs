using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;

namespace PoetryReactor.Core.Tests.Poetry;

public class PoetryAddressTests
{
    [Theory]
    [InlineData("10000", "127.0.0.1", 10000, "127.0.0.1:10000")]
    [InlineData("  10001\t", "127.0.0.1", 10001, "127.0.0.1:10001")]
    [InlineData("1", "127.0.0.1", 1, "127.0.0.1:1")]
    [InlineData("65535", "127.0.0.1", 65535, "127.0.0.1:65535")]
    [InlineData("localhost:10002", "localhost", 10002, "localhost:10002")]
    [InlineData("poetry-server.example.org:80", "poetry-server.example.org", 80, "poetry-server.example.org:80")]
    [InlineData("10.0.0.7:8080", "10.0.0.7", 8080, "10.0.0.7:8080")]
    [InlineData("[::1]:10003", "::1", 10003, "[::1]:10003")]
    [InlineData(" [0:0:0:0:0:0:0:1]:443 ", "::1", 443, "[::1]:443")]
    [InlineData("[fe80::1%2]:7", "fe80::1%2", 7, "[fe80::1%2]:7")]
    public void Parse_accepts_the_three_forms(string text, string host, int port, string shown)
    {
        HostPort address = HostPort.Parse(text);

        Assert.Equal(host, address.Host);
        Assert.Equal(port, address.Port);
        Assert.Equal(shown, address.ToString());
        Assert.Equal(text, address.Text);
        Assert.True(HostPort.TryParse(text, out HostPort? again));
        Assert.Equal(address, again);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("0", "port")]
    [InlineData("65536", "port")]
    [InlineData("99999999999999999999", "port")]
    [InlineData("-1", "port")]
    [InlineData("+80", "port")]
    [InlineData("8o", "port")]
    [InlineData("localhost:", "port is missing")]
    [InlineData(":80", "host is missing")]
    [InlineData("localhost:http", "port")]
    [InlineData("local host:80", "host name")]
    [InlineData("-bad.example:80", "'-'")]
    [InlineData("a..b:80", "label")]
    [InlineData("300.1.1.1:80", "IPv4")]
    [InlineData("1.2.3:80", "IPv4")]
    [InlineData("::1:80", "more than one ':'")]
    [InlineData("[::1]", "followed by ':PORT'")]
    [InlineData("[::1]80", "followed by ':PORT'")]
    [InlineData("[::1:80", "without a matching ']'")]
    [InlineData("[127.0.0.1]:80", "not an IPv6")]
    [InlineData("[nope]:80", "not an IPv6")]
    [InlineData("host:80:90", "more than one ':'")]
    [InlineData("h\u00e9llo:80", "host name")]
    public void Parse_rejects_bad_text_with_a_FormatException_naming_it(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => HostPort.Parse(text));

        Assert.Contains($"'{text}'", e.Message);
        Assert.Contains(reason, e.Message);
        Assert.False(HostPort.TryParse(text, out HostPort? none));
        Assert.Null(none);
    }

    [Fact]
    public void Parse_escapes_control_characters_in_the_message()
    {
        var e = Assert.Throws<FormatException>(() => HostPort.Parse("bad\nhost\u0007:80"));

        Assert.Contains("'bad\\u000Ahost\\u0007:80'", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void Parse_of_null_is_a_FormatException_too()
    {
        Assert.Throws<FormatException>(() => HostPort.Parse(null));
        Assert.False(HostPort.TryParse(null, out _));
    }

    [Fact]
    public void Parse_shortens_very_long_text_in_the_message()
    {
        string text = new string('x', 5000) + ":0";
        var e = Assert.Throws<FormatException>(() => HostPort.Parse(text));

        Assert.True(e.Message.Length < 500, e.Message);
        Assert.Contains("(5002 characters)", e.Message);
    }

    [Fact]
    public void Random_strings_give_an_address_or_a_FormatException_and_nothing_else()
    {
        var random = new Random(20240611);
        const string alphabet = "0123456789:[]abcfx.-_ %\t\n\u00e9\u6708\uD800\uFFFF";
        for (int i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 24)];
            for (int j = 0; j < chars.Length; j++)
            {
                chars[j] = random.Next(4) == 0 ? (char)random.Next(0, 0x10000) : alphabet[random.Next(alphabet.Length)];
            }
            string text = new(chars);
            try
            {
                HostPort address = HostPort.Parse(text);
                // Whatever parses round-trips through its own canonical form.
                Assert.Equal(address, HostPort.Parse(address.ToString()));
                Assert.InRange(address.Port, 1, 65535);
            }
            catch (FormatException)
            {
            }
        }
    }

    [Fact]
    public void Constructor_and_FromEndPoint_validate_and_normalise()
    {
        Assert.Equal("[::1]:9", HostPort.FromEndPoint(new System.Net.IPEndPoint(System.Net.IPAddress.IPv6Loopback, 9)).ToString());
        Assert.Equal("example.org:10", new HostPort("example.org", 10).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new HostPort("example.org", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HostPort("example.org", 65536));
        Assert.Throws<FormatException>(() => new HostPort("bad host", 10));
    }

    [Fact]
    public void Equality_ignores_host_case()
    {
        Assert.Equal(HostPort.Parse("LocalHost:5"), HostPort.Parse("localhost:5"));
        Assert.Equal(HostPort.Parse("LocalHost:5").GetHashCode(), HostPort.Parse("localhost:5").GetHashCode());
        Assert.NotEqual(HostPort.Parse("localhost:5"), HostPort.Parse("localhost:6"));
    }
}
