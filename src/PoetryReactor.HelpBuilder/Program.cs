namespace PoetryReactor.HelpBuilder;

/// <summary>
/// Command line: <c>build</c> compiles markdown help to MAML and about topics, <c>update</c>
/// refreshes markdown pages from command metadata. Exit code 0 on success, 1 when a page has
/// errors (each printed as <c>file:line: message</c>), 2 on bad usage.
/// </summary>
public static class Program
{
    const string Usage =
        "usage:\n" +
        "  PoetryReactor.HelpBuilder build --docs <dir> --out <dir> --module <name> --assembly <file.dll> [--metadata <commands.json>]\n" +
        "  PoetryReactor.HelpBuilder update --docs <dir> --metadata <commands.json> [--module <name>]";

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs one command, writing progress to <paramref name="stdout"/> and problems to <paramref name="stderr"/>.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? problem = "no command given";
        var options = new Dictionary<string, string>();
        if (args.Length == 0 || !TryOptions(args.Skip(1).ToArray(), out options, out problem))
        {
            stderr.WriteLine(problem);
            stderr.WriteLine(Usage);
            return 2;
        }
        string? Get(string key) => options.TryGetValue(key, out string? v) ? v : null;
        try
        {
            switch (args[0])
            {
                case "build" when Get("docs") is { } docs && Get("out") is { } output && Get("module") is { } module && Get("assembly") is { } assembly:
                {
                    var metadata = Get("metadata") is { } m ? ModuleMetadata.Load(m) : null;
                    var result = Compiler.Build(docs, output, module, assembly, metadata);
                    foreach (var e in result.Errors) stderr.WriteLine(e);
                    foreach (var w in result.Written) stdout.WriteLine($"wrote {w}");
                    return result.Errors.Count > 0 ? 1 : 0;
                }
                case "update" when Get("docs") is { } docs && Get("metadata") is { } metadataPath:
                {
                    var metadata = ModuleMetadata.Load(metadataPath);
                    if (Get("module") is { } module) metadata.Module = module;
                    var result = Updater.Update(docs, metadata);
                    foreach (var line in result.Log) stdout.WriteLine(line);
                    foreach (var e in result.Errors) stderr.WriteLine(e);
                    return result.Errors.Count > 0 ? 1 : 0;
                }
                default:
                    stderr.WriteLine($"unknown command or missing options: {string.Join(' ', args)}");
                    stderr.WriteLine(Usage);
                    return 2;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }

    static bool TryOptions(string[] args, out Dictionary<string, string> options, out string? problem)
    {
        options = new(StringComparer.OrdinalIgnoreCase);
        problem = null;
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--") || i + 1 >= args.Length)
            {
                problem = $"expected '--option value', got '{args[i]}'";
                return false;
            }
            options[args[i][2..]] = args[i + 1];
        }
        return true;
    }
}
