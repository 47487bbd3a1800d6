using PoetryReactor.Core.Syslog;

namespace PoetryReactor.Core.Tests.Syslog;

/// <summary>
/// The parser on text: the first cases are datagrams util-linux logger 2.38 sent here, byte for byte;
/// the rest are the formats' edges (RFC 5424's examples, BSD variants seen from network gear).
/// </summary>
public sealed class SyslogParserTests
{
    private static readonly DateTimeOffset Received = new(2026, 12, 8, 1, 5, 0, TimeSpan.FromHours(1));

    [Fact]
    public void Reads_logger_rfc3164()
    {
        var m = SyslogParser.Parse("<13>Dec  8 01:04:49 vm root: hello 3164", Received);

        Assert.Equal(SyslogFormat.Rfc3164, m.Format);
        Assert.Equal(13, m.Priority);
        Assert.Equal(SyslogFacility.User, m.Facility);
        Assert.Equal(SyslogSeverity.Notice, m.Severity);
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 1, 4, 49, TimeSpan.FromHours(1)), m.Timestamp);
        Assert.Equal("vm", m.Host);
        Assert.Equal("root", m.AppName);
        Assert.Null(m.ProcId);
        Assert.Equal("hello 3164", m.Message);
        Assert.Equal(0, m.Version);
    }

    [Fact]
    public void Reads_logger_rfc3164_with_a_pid()
    {
        var m = SyslogParser.Parse("<34>Dec  8 01:04:49 vm sshd[13875]: pid msg", Received);

        Assert.Equal(SyslogFacility.Auth, m.Facility);
        Assert.Equal(SyslogSeverity.Critical, m.Severity);
        Assert.Equal("sshd", m.AppName);
        Assert.Equal("13875", m.ProcId);
        Assert.Equal("pid msg", m.Message);
    }

    [Fact]
    public void Reads_logger_rfc5424()
    {
        var m = SyslogParser.Parse("<13>1 2026-12-08T01:04:49.130754+00:00 vm root - - [timeQuality tzKnown=\"1\" isSynced=\"0\"] hello 5424", Received);

        Assert.Equal(SyslogFormat.Rfc5424, m.Format);
        Assert.Equal(1, m.Version);
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 1, 4, 49, TimeSpan.Zero).AddTicks(1_307_540), m.Timestamp);
        Assert.Equal("vm", m.Host);
        Assert.Equal("root", m.AppName);
        Assert.Null(m.ProcId);
        Assert.Null(m.MsgId);
        var e = Assert.Single(m.Elements);
        Assert.Equal("timeQuality", e.Id);
        Assert.Equal("1", e["tzKnown"]);
        Assert.Equal("0", e["isSynced"]);
        Assert.Equal("[timeQuality tzKnown=\"1\" isSynced=\"0\"]", m.StructuredData);
        Assert.Equal("hello 5424", m.Message);
    }

    [Fact]
    public void Reads_logger_rfc5424_with_msgid_and_two_elements()
    {
        var m = SyslogParser.Parse("<156>1 2026-12-08T01:04:49.132361+00:00 vm myapp - ID47 [timeQuality tzKnown=\"1\" isSynced=\"0\"][exampleSDID@32473 iut=\"3\" eventSource=\"App\"] with sd", Received);

        Assert.Equal(SyslogFacility.Local3, m.Facility);
        Assert.Equal(SyslogSeverity.Warning, m.Severity);
        Assert.Equal("myapp", m.AppName);
        Assert.Equal("ID47", m.MsgId);
        Assert.Equal(["timeQuality", "exampleSDID@32473"], m.Elements.Select(e => e.Id));
        Assert.Equal("App", m.Elements[1]["eventSource"]);
        Assert.Equal("with sd", m.Message);
    }

    [Fact]
    public void Reads_logger_rfc5424_with_every_field_left_out()
    {
        var m = SyslogParser.Parse("<13>1 - - root - - - bare", Received);

        Assert.Null(m.Timestamp);
        Assert.Null(m.Host);
        Assert.Equal("root", m.AppName);
        Assert.Null(m.StructuredData);
        Assert.Empty(m.Elements);
        Assert.Equal("bare", m.Message);
    }

    [Fact]
    public void Unescapes_structured_data_and_drops_the_BOM()
    {
        var m = SyslogParser.Parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" note=\"a \\\"quoted\\\" \\] and \\\\\"] \uFEFFAn application event", Received);

        Assert.Equal(new DateTimeOffset(2003, 10, 11, 22, 14, 15, 3, TimeSpan.Zero), m.Timestamp);
        Assert.Equal("mymachine.example.com", m.Host);
        Assert.Equal("a \"quoted\" ] and \\", m.Elements[0]["note"]);
        Assert.Equal("An application event", m.Message);
    }

    [Fact]
    public void A_message_without_a_priority_is_user_notice_and_kept_whole()
    {
        var m = SyslogParser.Parse("just some text: with a colon", Received);

        Assert.Equal(SyslogParser.DefaultPriority, m.Priority);
        Assert.Equal("just some text: with a colon", m.Message);
        Assert.Null(m.Timestamp);
    }

    [Theory]
    [InlineData("<192>Dec  8 01:04:49 vm root: x")]
    [InlineData("<013>Dec  8 01:04:49 vm root: x")]
    [InlineData("<1x>Dec  8 01:04:49 vm root: x")]
    [InlineData("<>x")]
    public void A_bad_priority_is_not_taken_for_one(string text)
    {
        var m = SyslogParser.Parse(text, Received);

        Assert.Equal(SyslogParser.DefaultPriority, m.Priority);
        Assert.Equal(text, m.Message);
    }

    [Fact]
    public void A_BSD_message_from_late_December_read_in_January_is_last_year()
    {
        var january = new DateTimeOffset(2027, 1, 1, 0, 0, 5, TimeSpan.Zero);

        var m = SyslogParser.Parse("<13>Dec 31 23:59:58 vm cron: tick", january);

        Assert.Equal(new DateTimeOffset(2026, 12, 31, 23, 59, 58, TimeSpan.Zero), m.Timestamp);
    }

    [Fact]
    public void A_BSD_message_without_a_host_or_tag_keeps_its_text()
    {
        var tagOnly = SyslogParser.Parse("<14>Dec  8 01:04:49 kernel: eth0 up", Received);
        var noTag = SyslogParser.Parse("<14>Dec  8 01:04:49 switch42 link down on port 7", Received);
        var noHeader = SyslogParser.Parse("<14>%LINK-3-UPDOWN: Interface Gi0/1, changed state to down", Received);

        Assert.Null(tagOnly.Host);
        Assert.Equal("kernel", tagOnly.AppName);
        Assert.Equal("eth0 up", tagOnly.Message);
        Assert.Equal("switch42", noTag.Host);
        Assert.Null(noTag.AppName);
        Assert.Equal("link down on port 7", noTag.Message);
        Assert.Null(noHeader.Timestamp);
        Assert.Equal("%LINK-3-UPDOWN", noHeader.AppName);
        Assert.Equal("Interface Gi0/1, changed state to down", noHeader.Message);
    }

    [Fact]
    public void A_BSD_message_with_an_RFC3339_time_is_read()
    {
        var m = SyslogParser.Parse("<30>2026-12-08T01:04:49.5+01:00 host app[7]: text\n", Received);

        Assert.Equal(new DateTimeOffset(2026, 12, 8, 1, 4, 49, 500, TimeSpan.FromHours(1)), m.Timestamp);
        Assert.Equal("host", m.Host);
        Assert.Equal("7", m.ProcId);
        Assert.Equal("text", m.Message);
    }

    [Fact]
    public void An_RFC5424_message_with_a_bad_time_keeps_the_rest_as_its_text()
    {
        var m = SyslogParser.Parse("<13>1 yesterday vm app - - - hi", Received);

        Assert.Equal(SyslogFormat.Rfc5424, m.Format);
        Assert.Null(m.Timestamp);
        Assert.Equal("yesterday vm app - - - hi", m.Message);
    }

    [Fact]
    public void Invalid_UTF8_becomes_replacement_characters_not_an_error()
    {
        byte[] bytes = [.. "<13>1 - vm app - - - caf"u8, 0xE9, (byte)'!'];

        var m = SyslogParser.Parse(bytes, Received);

        Assert.Equal("caf\uFFFD!", m.Message);
    }
}
