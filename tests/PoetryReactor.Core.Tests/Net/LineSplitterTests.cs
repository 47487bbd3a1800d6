using System.Text;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Tests.Net;

/// <summary>Lines cut from a byte stream across reads, as Twisted's LineReceiver cuts them.</summary>
public sealed class LineSplitterTests
{
    private static List<string> Feed(LineSplitter splitter, params string[] reads)
    {
        var lines = new List<string>();
        foreach (var read in reads) splitter.Feed(Encoding.UTF8.GetBytes(read), lines.Add);
        return lines;
    }

    [Fact]
    public void A_line_split_across_reads_arrives_whole_and_the_tail_waits()
    {
        var splitter = new LineSplitter();
        Assert.Equal(["hello world", "second"], Feed(splitter, "hel", "lo wor", "ld\nsecond\nthi"));
        Assert.Equal(3, splitter.Pending);
    }

    [Fact]
    public void With_a_newline_delimiter_crlf_lines_read_the_same()
    {
        Assert.Equal(["one", "two", "", "three"], Feed(new LineSplitter(), "one\r\ntwo\n\r\nthree\r", "\n"));
    }

    [Fact]
    public void A_two_byte_delimiter_split_across_reads_is_found_and_a_lone_cr_is_kept()
    {
        Assert.Equal(["a\rb", "c"], Feed(new LineSplitter("\r\n"), "a\rb\r", "\nc\r\n"));
    }

    [Fact]
    public void A_character_split_across_reads_decodes_whole()
    {
        var bytes = Encoding.UTF8.GetBytes("café ☕\n");
        var lines = new List<string>();
        var splitter = new LineSplitter();
        for (var i = 0; i < bytes.Length; i++) splitter.Feed(bytes.AsSpan(i, 1), lines.Add);
        Assert.Equal(["café ☕"], lines);
    }

    [Fact]
    public void A_line_at_the_limit_is_taken_and_one_past_it_stops_the_splitter()
    {
        var splitter = new LineSplitter(maxLength: 5);
        Assert.Equal(["12345"], Feed(splitter, "12345\r\n"));
        Assert.False(splitter.Exceeded);
        Assert.Equal(["ok"], Feed(splitter, "ok\n123456\nnever\n"));
        Assert.True(splitter.Exceeded);
        Assert.False(splitter.Feed("more\n"u8, _ => Assert.Fail("no line after the limit")));
    }

    [Fact]
    public void A_partial_line_that_grows_past_the_limit_stops_the_splitter_before_its_end_arrives()
    {
        var splitter = new LineSplitter(maxLength: 8);
        Assert.Empty(Feed(splitter, "12345678"));
        Assert.False(splitter.Exceeded);
        Assert.False(splitter.Feed("9abc"u8, _ => { }));
        Assert.True(splitter.Exceeded);
        Assert.Equal(0, splitter.Pending);
    }

    [Fact]
    public void An_empty_delimiter_or_a_limit_below_one_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new LineSplitter(""));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineSplitter("\n", 0));
    }
}
