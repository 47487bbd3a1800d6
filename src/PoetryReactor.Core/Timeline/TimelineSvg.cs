using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;

namespace PoetryReactor.Core.Timeline;

/// <summary>
/// Draws measured runs as the tutorial's Part 1 figures, in SVG: per client model one lane per
/// task with a mark per chunk, coloured by task, and one lane per thread that handled chunks,
/// all on one time axis in seconds, with a title, a legend and each model's total time.
/// </summary>
/// <remarks>
/// Parts are marked for tools and tests: every model is a <c>g</c> of class <c>model</c>
/// (<c>data-mode</c>, <c>data-total</c>); a task lane is class <c>task-lane</c> (<c>data-mode</c>,
/// <c>data-task</c>, <c>data-start</c>, <c>data-end</c> in seconds) holding one <c>rect</c> of class
/// <c>chunk</c> per chunk; a thread lane is class <c>thread-lane</c> (<c>data-thread</c>) holding
/// marks of class <c>thread-chunk</c>.
/// </remarks>
public static class TimelineSvg
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly string[] Palette =
        ["#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1", "#76b7b2", "#9c755f", "#d4a017", "#ff9da7", "#7f7f7f"];

    private const double Width = 1000, Left = 200, Right = 70, TaskLane = 20, ThreadLane = 14, Header = 26, Gap = 16;

    /// <summary>The colour of a task's lane and marks.</summary>
    public static string ColorOf(int taskNumber) => Palette[(Math.Max(taskNumber, 1) - 1) % Palette.Length];

    /// <summary>Builds the drawing of <paramref name="models"/>, in the order given.</summary>
    /// <exception cref="ArgumentException"><paramref name="models"/> is empty.</exception>
    public static XDocument Build(IReadOnlyList<ModelMeasurement> models, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0) throw new ArgumentException("There is no measurement to draw.", nameof(models));
        var tasks = models.SelectMany(m => m.Tasks).GroupBy(t => t.TaskNumber).OrderBy(g => g.Key)
            .Select(g => g.First()).ToArray();
        var axis = Axis.For(models.Max(LastSecond));
        var body = new List<XElement>
        {
            Text(Left - 190, 30, title ?? $"{tasks.Length} poem(s) fetched in {models.Count} client model(s), measured", 20, "bold"),
            Text(Left - 190, 52, "One lane per task, a mark per chunk received, coloured by task; the grey lanes are the threads that read the chunks.", 12.5, fill: "#555"),
        };
        double y = Legend(body, tasks, 68);
        double axisTop = y + 22;
        y = axisTop + 10;
        var sections = new List<XElement>();
        foreach (var model in models)
        {
            sections.Add(Section(model, axis, y, out double sectionHeight));
            y += sectionHeight + Gap;
        }
        double axisBottom = y - Gap + 6;
        body.Add(Grid(axis, axisTop, axisBottom));
        body.AddRange(sections);
        double height = axisBottom + 30;
        var root = new XElement(Svg + "svg",
            new XAttribute("width", Num(Width)), new XAttribute("height", Num(height)),
            new XAttribute("viewBox", $"0 0 {Num(Width)} {Num(height)}"),
            new XAttribute("font-family", "DejaVu Sans, Verdana, Arial, sans-serif"),
            new XElement(Svg + "title", title ?? "Client models, measured"),
            new XElement(Svg + "rect", new XAttribute("width", "100%"), new XAttribute("height", "100%"), new XAttribute("fill", "white")),
            body);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    /// <summary>Writes the drawing of <paramref name="models"/> to <paramref name="path"/> as UTF-8 SVG.</summary>
    public static void Save(IReadOnlyList<ModelMeasurement> models, string path, string? title = null)
    {
        var doc = Build(models, title);
        using var writer = XmlWriter.Create(path, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true });
        doc.Save(writer);
    }

    /// <summary>The width and height of a drawing made by <see cref="Build"/>, in pixels.</summary>
    public static (int Width, int Height) SizeOf(XDocument drawing)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        var root = drawing.Root ?? throw new ArgumentException("The document is empty.", nameof(drawing));
        return ((int)Math.Ceiling(double.Parse((string)root.Attribute("width")!, CultureInfo.InvariantCulture)),
                (int)Math.Ceiling(double.Parse((string)root.Attribute("height")!, CultureInfo.InvariantCulture)));
    }

    private static double LastSecond(ModelMeasurement m) => new[]
    {
        m.TotalTime.TotalSeconds,
        m.Tasks.Count == 0 ? 0 : m.Tasks.Max(t => t.End.TotalSeconds),
        m.Chunks.Count == 0 ? 0 : m.Chunks.Max(c => c.Offset.TotalSeconds),
    }.Max();

    // One swatch per task, wrapping to a new row when the line is full; returns the y below it.
    private static double Legend(List<XElement> body, TaskTiming[] tasks, double y)
    {
        double x = Left - 190;
        foreach (var task in tasks)
        {
            string label = $"Task {task.TaskNumber}: {task.Address}";
            double width = 26 + label.Length * 7.2;
            if (x + width > Width - 10 && x > Left - 190) { x = Left - 190; y += 20; }
            body.Add(new XElement(Svg + "g", new XAttribute("class", "legend"), new XAttribute("data-task", task.TaskNumber),
                Rect(x, y, 12, 12, ColorOf(task.TaskNumber)),
                Text(x + 17, y + 11, label, 12.5)));
            x += width;
        }
        return y + 12;
    }

    private static XElement Section(ModelMeasurement model, Axis axis, double top, out double height)
    {
        string mode = model.Mode.ToString();
        string cpu = model.CpuTime is { } c ? $" · CPU {c.TotalSeconds:0.000} s" : "";
        var section = new XElement(Svg + "g", new XAttribute("class", "model"), new XAttribute("data-mode", mode),
            new XAttribute("data-total", Num(model.TotalTime.TotalSeconds)),
            new XElement(Svg + "text", new XAttribute("x", Num(Left - 190)), new XAttribute("y", Num(top + 16)),
                new XAttribute("font-size", "14"),
                new XElement(Svg + "tspan", new XAttribute("font-weight", "bold"), mode),
                new XElement(Svg + "tspan", new XAttribute("fill", "#555"),
                    $"  {Describe(model.Mode)} · {model.TotalTime.TotalSeconds:0.000} s in total{cpu} · {Count(model.ThreadIds.Count, "thread")}")));
        double y = top + Header;
        foreach (var task in model.Tasks)
        {
            section.Add(TaskLaneOf(model, task, axis, y));
            y += TaskLane;
        }
        foreach (var thread in model.ThreadIds)
        {
            section.Add(ThreadLaneOf(model, thread, axis, y));
            y += ThreadLane;
        }
        // The total time as a line across the section's lanes, labelled at its foot.
        double x = axis.X(model.TotalTime.TotalSeconds);
        section.Add(new XElement(Svg + "line", new XAttribute("class", "total"),
            new XAttribute("x1", Num(x)), new XAttribute("x2", Num(x)), new XAttribute("y1", Num(top + Header - 2)), new XAttribute("y2", Num(y)),
            new XAttribute("stroke", "#222"), new XAttribute("stroke-width", "1.5"), new XAttribute("stroke-dasharray", "4 3")),
            Text(x + 4, y - 2, $"{model.TotalTime.TotalSeconds:0.00} s", 11, "bold"));
        height = y - top;
        return section;
    }

    private static XElement TaskLaneOf(ModelMeasurement model, TaskTiming task, Axis axis, double y)
    {
        string color = ColorOf(task.TaskNumber);
        double start = axis.X(task.Start.TotalSeconds), end = axis.X(task.End.TotalSeconds);
        var lane = new XElement(Svg + "g", new XAttribute("class", "task-lane"),
            new XAttribute("data-mode", model.Mode.ToString()), new XAttribute("data-task", task.TaskNumber),
            new XAttribute("data-start", Num(task.Start.TotalSeconds)), new XAttribute("data-end", Num(task.End.TotalSeconds)),
            new XAttribute("data-complete", task.Complete ? "true" : "false"),
            Text(Left - 10, y + 14, $"Task {task.TaskNumber}{(task.Complete ? "" : " (failed)")}", 12.5, anchor: "end", fill: color),
            new XElement(Svg + "rect", new XAttribute("class", "span"), new XAttribute("x", Num(start)), new XAttribute("y", Num(y + 7)),
                new XAttribute("width", Num(Math.Max(end - start, 1))), new XAttribute("height", "6"),
                new XAttribute("fill", color), new XAttribute("fill-opacity", "0.25")));
        foreach (var chunk in model.Chunks.Where(c => c.TaskNumber == task.TaskNumber))
        {
            lane.Add(Mark("chunk", axis.X(chunk.Offset.TotalSeconds), y + 3, 14, color, chunk));
        }
        return lane;
    }

    private static XElement ThreadLaneOf(ModelMeasurement model, int thread, Axis axis, double y)
    {
        var lane = new XElement(Svg + "g", new XAttribute("class", "thread-lane"),
            new XAttribute("data-mode", model.Mode.ToString()), new XAttribute("data-thread", thread),
            Text(Left - 10, y + 10.5, $"thread {thread}", 10.5, anchor: "end", fill: "#777"),
            Rect(Left, y + 2, Width - Left - Right, ThreadLane - 4, "#f0f0f0"));
        foreach (var chunk in model.Chunks.Where(c => c.ThreadId == thread))
        {
            lane.Add(Mark("thread-chunk", axis.X(chunk.Offset.TotalSeconds), y + 2, ThreadLane - 4, ColorOf(chunk.TaskNumber), chunk));
        }
        return lane;
    }

    private static XElement Mark(string kind, double x, double y, double height, string color, ChunkTiming chunk) =>
        new(Svg + "rect", new XAttribute("class", kind),
            new XAttribute("x", Num(x - 1)), new XAttribute("y", Num(y)), new XAttribute("width", "2"), new XAttribute("height", Num(height)),
            new XAttribute("fill", color), new XAttribute("data-task", chunk.TaskNumber),
            new XAttribute("data-offset", Num(chunk.Offset.TotalSeconds)), new XAttribute("data-bytes", chunk.Bytes),
            new XAttribute("data-thread", chunk.ThreadId));

    // Tick labels above and below, and light vertical lines through every section.
    private static XElement Grid(Axis axis, double top, double bottom)
    {
        var grid = new XElement(Svg + "g", new XAttribute("class", "axis"),
            Text(Left - 24, top - 6, "time (s)", 11.5, anchor: "end", fill: "#555"));
        for (int i = 0; i <= axis.Ticks; i++)
        {
            double seconds = i * axis.Step, x = axis.X(seconds);
            string label = seconds.ToString(axis.Format, CultureInfo.InvariantCulture);
            grid.Add(new XElement(Svg + "line", new XAttribute("x1", Num(x)), new XAttribute("x2", Num(x)),
                    new XAttribute("y1", Num(top)), new XAttribute("y2", Num(bottom)),
                    new XAttribute("stroke", i == 0 ? "#999" : "#ddd"), new XAttribute("stroke-width", "1")),
                Text(x, top - 6, label, 11.5, anchor: "middle", fill: "#555"),
                Text(x, bottom + 16, label, 11.5, anchor: "middle", fill: "#555"));
        }
        return grid;
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Describe(PoetryClientMode mode) => mode switch
    {
        PoetryClientMode.Blocking => "synchronous, one task after another",
        PoetryClientMode.Threaded => "threaded, a thread per task",
        PoetryClientMode.Select => "asynchronous, a Socket.Select loop",
        PoetryClientMode.Reader => "asynchronous, the reactor and a reader",
        PoetryClientMode.Protocol => "asynchronous, the reactor and a protocol",
        _ => mode.ToString(),
    };

    private static XElement Text(double x, double y, string text, double size, string? weight = null, string anchor = "start", string fill = "#222")
    {
        var element = new XElement(Svg + "text", new XAttribute("x", Num(x)), new XAttribute("y", Num(y)),
            new XAttribute("font-size", Num(size)), new XAttribute("fill", fill), text);
        if (weight is not null) element.Add(new XAttribute("font-weight", weight));
        if (anchor != "start") element.Add(new XAttribute("text-anchor", anchor));
        return element;
    }

    private static XElement Rect(double x, double y, double width, double height, string fill) =>
        new(Svg + "rect", new XAttribute("x", Num(x)), new XAttribute("y", Num(y)),
            new XAttribute("width", Num(width)), new XAttribute("height", Num(height)), new XAttribute("fill", fill));

    private static string Num(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>A time axis from 0 with 1-2-2.5-5 steps, about eight ticks, mapped onto the plot's width.</summary>
    private readonly record struct Axis(double Step, int Ticks, string Format)
    {
        public double X(double seconds) => Left + Math.Clamp(seconds, 0, Step * Ticks) / (Step * Ticks) * (Width - Left - Right);

        public static Axis For(double lastSecond)
        {
            double target = Math.Max(lastSecond, 0.001) / 8;
            double power = Math.Pow(10, Math.Floor(Math.Log10(target)));
            double step = new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * power).First(s => s >= target * (1 - 1e-9));
            int ticks = Math.Max(1, (int)Math.Ceiling(lastSecond / step - 1e-9));
            // As many decimals as the step needs (0.25 needs two), at least one.
            int decimals = 1;
            while (decimals < 6 && Math.Abs(step * Math.Pow(10, decimals) - Math.Round(step * Math.Pow(10, decimals))) > 1e-6) decimals++;
            return new Axis(step, ticks, "0." + new string('0', decimals));
        }
    }
}
