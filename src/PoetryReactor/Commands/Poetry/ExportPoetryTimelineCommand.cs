using System.Management.Automation;
using PoetryReactor.Cmdlets;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Core.Timeline;
using PoetryReactor.Errors;

namespace PoetryReactor.Commands;

/// <summary>
/// Export-PoetryTimeline: draws measurements (from Measure-PoetryModel, or the poems and chunk
/// events of Get-Poetry -IncludeChunk) as one timeline per client model, in an SVG file, or a PNG
/// rendered from it by a headless Chromium on the PATH. An existing file is replaced, as Out-File
/// does, unless -NoClobber; -Force writes over a read-only one. Ctrl+C ends a render and its browser.
/// </summary>
[Cmdlet(VerbsData.Export, "PoetryTimeline", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Export-PoetryTimeline.md")]
[OutputType(typeof(FileInfo))]
public sealed class ExportPoetryTimelineCommand : ModuleCmdlet
{
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromSeconds(60);

    private readonly List<ModelMeasurement> _measurements = new();
    private readonly List<Poem> _poems = new();
    private readonly List<ChunkEvent> _chunks = new();
    private string _path = "";
    private bool _png;

    /// <summary>The file to write: <c>.svg</c>, or <c>.png</c> (needs Chromium).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Measurements, poems or chunk events to draw.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PSObject[] InputObject { get; set; } = Array.Empty<PSObject>();

    /// <summary>The title above the drawing; a description of what was measured by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Title { get; set; }

    /// <summary>Does not replace an existing file (TimelineFileExists instead).</summary>
    [Parameter]
    [Alias("NoOverwrite")]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Replaces a read-only file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes the file's FileInfo.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        _path = GetUnresolvedProviderPathFromPSPath(Path);
        string extension = System.IO.Path.GetExtension(_path).ToLowerInvariant();
        if (extension is not (".svg" or ".png"))
            ThrowError(ErrorCatalog.TimelinePathInvalid, new ArgumentException($"The timeline path '{Path}' must end in .svg or .png."), Path);
        string? folder = System.IO.Path.GetDirectoryName(_path);
        if (folder is not null && !Directory.Exists(folder))
            ThrowError(ErrorCatalog.TimelineFolderNotFound, new DirectoryNotFoundException($"The folder '{folder}' of the timeline path does not exist."), Path);
        if (NoClobber && File.Exists(_path))
            ThrowError(ErrorCatalog.TimelineFileExists, new IOException($"The file '{_path}' exists and -NoClobber was given."), Path);
        _png = extension == ".png";
    }

    protected override void ProcessRecord()
    {
        foreach (var item in InputObject)
        {
            switch (item?.BaseObject)
            {
                case ModelMeasurement m: _measurements.Add(m); break;
                case Poem p: _poems.Add(p); break;
                case ChunkEvent c: _chunks.Add(c); break;
                default:
                    WriteError(ErrorCatalog.TimelineInputInvalid, new ArgumentException(
                        $"Export-PoetryTimeline draws the output of Measure-PoetryModel or Get-Poetry -IncludeChunk, not {item?.TypeNames.FirstOrDefault() ?? "null"}."), item);
                    break;
            }
        }
    }

    protected override void EndProcessing()
    {
        var models = _measurements.Concat(ModelMeasurement.FromPoems(_poems, _chunks)).ToArray();
        if (models.Length == 0)
        {
            WriteError(ErrorCatalog.TimelineInputMissing, new InvalidOperationException(
                "There was nothing to draw: pipe in Measure-PoetryModel output, or poems from Get-Poetry -IncludeChunk."), null);
            return;
        }
        if (!ShouldProcess(_path, $"Draw the timeline of {models.Length} model(s)")) return;
        if (Force && File.Exists(_path)) File.SetAttributes(_path, File.GetAttributes(_path) & ~FileAttributes.ReadOnly);
        if (_png) WritePng(models);
        else WriteSvg(models);
        if (PassThru) WriteObject(InvokeProvider.Item.Get(_path), enumerateCollection: true);
    }

    private void WriteSvg(ModelMeasurement[] models)
    {
        try
        {
            TimelineSvg.Save(models, _path, Title);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ThrowError(ErrorCatalog.TimelineWriteFailed, e, Path);
        }
    }

    private void WritePng(ModelMeasurement[] models)
    {
        string? chromium = ChromiumPng.Find();
        if (chromium is null)
            ThrowError(ErrorCatalog.TimelineRendererNotFound, new FileNotFoundException(
                $"A PNG needs a headless Chromium ({string.Join(", ", ChromiumPng.ProgramNames)}) on the PATH, and none was found. Write an .svg instead."), Path);
        var drawing = TimelineSvg.Build(models, Title);
        var (width, height) = TimelineSvg.SizeOf(drawing);
        string svg = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"poetry-timeline-{Guid.NewGuid():N}.svg");
        try
        {
            drawing.Save(svg);
            ChromiumPng.Render(chromium!, svg, _path, width, height, scale: 2, RenderTimeout, StopToken);
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ThrowError(ErrorCatalog.TimelineRenderFailed, e, Path);
        }
        finally
        {
            File.Delete(svg);
        }
    }
}
