using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Core.Timeline;

namespace PoetryReactor.Core.Tests.Timeline;

/// <summary>The SVG timeline writer, read back with the XML parsers.</summary>
public class TimelineSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    // Blocking: task 1 then task 2 on one thread. Threaded: both at once, a thread each.
    private static ModelMeasurement[] Sample() =>
    [
        new(PoetryClientMode.Blocking, Origin, S(1.0), S(0.1),
            [new(1, "127.0.0.1:1001", S(0), S(0.1), S(0.6), 30, true), new(2, "127.0.0.1:1002", S(0.6), S(0.7), S(1.0), 20, true)],
            [new(1, S(0.1), 10, 5), new(1, S(0.3), 10, 5), new(1, S(0.5), 10, 5), new(2, S(0.7), 10, 5), new(2, S(0.9), 10, 5)]),
        new(PoetryClientMode.Threaded, Origin, S(0.6), null,
            [new(2, "127.0.0.1:1002", S(0), S(0.1), S(0.4), 20, true), new(1, "127.0.0.1:1001", S(0), S(0.1), S(0.6), 30, false)],
            [new(1, S(0.1), 10, 7), new(2, S(0.1), 10, 8), new(1, S(0.3), 10, 7), new(2, S(0.3), 10, 8), new(1, S(0.5), 10, 7)]),
    ];

    private static XDocument Parsed(IReadOnlyList<ModelMeasurement> models, string? title = null)
    {
        string path = Path.Combine(Path.GetTempPath(), $"timeline-test-{Guid.NewGuid():N}.svg");
        try
        {
            TimelineSvg.Save(models, path, title);
            using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            return XDocument.Load(reader);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IEnumerable<XElement> Groups(XDocument doc, string cls) =>
        doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == cls);

    private static double Seconds(XElement e, string name) => double.Parse((string)e.Attribute(name)!, CultureInfo.InvariantCulture);

    [Fact]
    public void The_file_is_an_svg_document_with_a_size_title_and_legend()
    {
        XDocument doc = Parsed(Sample(), "Two models");

        Assert.Equal(Svg + "svg", doc.Root!.Name);
        var (width, height) = TimelineSvg.SizeOf(doc);
        Assert.True(width > 100 && height > 100, $"{width} x {height}");
        Assert.Equal("Two models", doc.Root.Element(Svg + "title")!.Value);
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "Two models");
        Assert.Equal(new[] { "1", "2" }, Groups(doc, "legend").Select(g => (string)g.Attribute("data-task")!));
        Assert.Contains(Groups(doc, "legend"), g => g.Value.Contains("127.0.0.1:1002"));
    }

    [Fact]
    public void Each_model_has_one_lane_per_task_and_one_mark_per_chunk()
    {
        var models = Sample();
        XDocument doc = Parsed(models);

        var sections = Groups(doc, "model").ToArray();
        Assert.Equal(new[] { "Blocking", "Threaded" }, sections.Select(s => (string)s.Attribute("data-mode")!));
        foreach (var (section, model) in sections.Zip(models))
        {
            var lanes = section.Elements(Svg + "g").Where(g => (string?)g.Attribute("class") == "task-lane").ToArray();
            Assert.Equal(new[] { "1", "2" }, lanes.Select(l => (string)l.Attribute("data-task")!));
            foreach (var lane in lanes)
            {
                int task = (int)lane.Attribute("data-task")!;
                var marks = lane.Elements(Svg + "rect").Where(r => (string?)r.Attribute("class") == "chunk").ToArray();
                Assert.Equal(model.Chunks.Count(c => c.TaskNumber == task), marks.Length);
                Assert.All(marks, m => Assert.Equal(TimelineSvg.ColorOf(task), (string)m.Attribute("fill")!));
            }
            Assert.Equal(model.Chunks.Count, section.Descendants(Svg + "rect").Count(r => (string?)r.Attribute("class") == "chunk"));
        }
    }

    [Fact]
    public void Lanes_carry_the_task_times_and_blocking_lanes_do_not_overlap()
    {
        XDocument doc = Parsed(Sample());

        var blocking = Groups(doc, "task-lane").Where(l => (string?)l.Attribute("data-mode") == "Blocking")
            .OrderBy(l => Seconds(l, "data-start")).ToArray();
        Assert.Equal(0.6, Seconds(blocking[0], "data-end"), 6);
        Assert.True(Seconds(blocking[1], "data-start") >= Seconds(blocking[0], "data-end"));
        var threaded = Groups(doc, "task-lane").Where(l => (string?)l.Attribute("data-mode") == "Threaded").ToArray();
        Assert.True(Seconds(threaded[1], "data-start") < Seconds(threaded[0], "data-end"));
        Assert.Equal("false", (string)threaded.Single(l => (string?)l.Attribute("data-task") == "1").Attribute("data-complete")!);
    }

    [Fact]
    public void Each_model_has_a_lane_per_thread_holding_that_threads_chunks()
    {
        var models = Sample();
        XDocument doc = Parsed(models);

        foreach (var model in models)
        {
            var threads = Groups(doc, "thread-lane").Where(l => (string?)l.Attribute("data-mode") == model.Mode.ToString()).ToArray();
            Assert.Equal(model.ThreadIds.Select(t => t.ToString(CultureInfo.InvariantCulture)), threads.Select(l => (string)l.Attribute("data-thread")!));
            foreach (var lane in threads)
            {
                int thread = (int)lane.Attribute("data-thread")!;
                Assert.Equal(model.Chunks.Count(c => c.ThreadId == thread),
                    lane.Elements(Svg + "rect").Count(r => (string?)r.Attribute("class") == "thread-chunk"));
            }
        }
    }

    [Fact]
    public void Marks_sit_on_one_shared_time_axis_and_each_model_shows_its_total()
    {
        XDocument doc = Parsed(Sample());

        // The same offset (0.1 s) in both models lands at the same x.
        var at = Groups(doc, "task-lane").SelectMany(l => l.Elements(Svg + "rect"))
            .Where(r => (string?)r.Attribute("class") == "chunk" && (string?)r.Attribute("data-offset") == "0.1")
            .Select(r => (string)r.Attribute("x")!).Distinct();
        Assert.Single(at);
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "1.00 s");
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "0.60 s");
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "time (s)");
        Assert.Contains(Groups(doc, "model"), s => s.Value.Contains("CPU 0.100 s"));
    }

    [Theory]
    [InlineData(1.0, "0.0 0.2 0.4 0.6 0.8 1.0")]
    [InlineData(1.673, "0.00 0.25 0.50 0.75 1.00 1.25 1.50 1.75")]
    [InlineData(0.03, "0.000 0.005 0.010 0.015 0.020 0.025 0.030")]
    [InlineData(12, "0.0 2.0 4.0 6.0 8.0 10.0 12.0")]
    public void The_time_axis_has_round_ticks_that_reach_the_last_event(double seconds, string ticks)
    {
        var model = new ModelMeasurement(PoetryClientMode.Protocol, Origin, S(seconds), null, [], []);

        XDocument doc = Parsed([model]);

        var labels = Groups(doc, "axis").Single().Elements(Svg + "text").Select(t => t.Value).Where(v => v != "time (s)").Distinct();
        Assert.Equal(ticks, string.Join(' ', labels));
    }

    [Fact]
    public void Text_from_the_measurements_is_escaped()
    {
        var model = new ModelMeasurement(PoetryClientMode.Select, Origin, S(0.1), null,
            [new(1, "<evil & \"host\">:1", S(0), null, S(0.1), 0, false)], []);

        XDocument doc = Parsed([model], "a < b & c");

        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "a < b & c");
        Assert.Contains(Groups(doc, "legend"), g => g.Value.Contains("<evil & \"host\">:1"));
        Assert.Empty(Groups(doc, "thread-lane"));
    }

    [Fact]
    public void Nothing_to_draw_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => TimelineSvg.Build([]));
    }

    [Fact]
    public void Png_signature_is_recognised()
    {
        string path = Path.Combine(Path.GetTempPath(), $"timeline-test-{Guid.NewGuid():N}.png");
        try
        {
            File.WriteAllBytes(path, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]);
            Assert.True(ChromiumPng.IsPng(path));
            File.WriteAllText(path, "<svg/>");
            Assert.False(ChromiumPng.IsPng(path));
        }
        finally
        {
            File.Delete(path);
        }
        Assert.False(ChromiumPng.IsPng(path));
    }
}
