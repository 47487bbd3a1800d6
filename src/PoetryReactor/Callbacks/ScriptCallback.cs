using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Text;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;

namespace PoetryReactor.Callbacks;

/// <summary>
/// A scriptblock captured on the pipeline thread to run on the reactor thread. It keeps the
/// scriptblock's text (rebuilt in the reactor's runspace, never run in the caller's), the
/// <c>-ArgumentList</c> values and the <c>$using:</c> values, evaluated at capture as
/// Start-ThreadJob does. Inside, <c>$_</c> is the event object.
/// </summary>
internal sealed class ScriptCallback
{
    private readonly string _script;
    private readonly object?[] _arguments;
    private readonly Hashtable? _usingValues;

    private readonly CallerPreferences _preferences;

    private ScriptCallback(string script, object?[] arguments, Hashtable? usingValues, string origin, CallerPreferences preferences)
    {
        _preferences = preferences;
        _script = script;
        _arguments = arguments;
        _usingValues = usingValues;
        Origin = origin;
    }

    /// <summary>Where the callback came from, for messages: the cmdlet, the parameter and the script position.</summary>
    public string Origin { get; }

    /// <summary>Captures <paramref name="block"/> on the caller's pipeline thread.</summary>
    /// <exception cref="ArgumentException">A <c>$using:</c> variable is not set in the caller's scope, or is not a plain variable.</exception>
    public static ScriptCallback Capture(PSCmdlet caller, ScriptBlock block, object?[]? arguments, string name)
    {
        var ast = (ScriptBlockAst)block.Ast;
        var position = ast.Extent.File is { } file
            ? $" at {Path.GetFileName(file)}:{ast.Extent.StartLineNumber}"
            : $" at line {ast.Extent.StartLineNumber}";
        var origin = $"{caller.MyInvocation.MyCommand.Name} -{name}{position}";
        return new ScriptCallback(WithProcessBlock(ast), arguments ?? Array.Empty<object?>(), UsingValues(caller, ast), origin,
            CallerPreferences.Of(caller));
    }

    /// <summary>
    /// Runs the callback on the reactor thread with <paramref name="eventObject"/> as <c>$_</c>; its
    /// output and records go to <paramref name="sink"/> as they are written. A terminating error is
    /// reported as ReactorCallbackFailed; a run longer than the host's threshold adds a warning.
    /// Inside another callback (a module cmdlet that runs one at once) it runs as a nested pipeline.
    /// Returns false when the callback ended with a terminating error.
    /// </summary>
    public bool Invoke(ReactorHost host, object? eventObject, OutputQueue sink)
    {
        // Opening the runspace (first callback only) is the module's cost, not the callback's.
        var runspace = host.Runspace.Get();
        var watch = Stopwatch.StartNew();
        var failed = InvokeIn(runspace, eventObject, sink, null) is not null;
        watch.Stop();
        if (host.CallbackStats.Record(watch.Elapsed, failed))
            sink.Post(OutputItem.Warning(
                $"Callback {Origin} blocked the reactor for {watch.Elapsed.TotalSeconds:0.00} s (threshold {host.CallbackStats.BlockWarningThreshold.TotalSeconds:0.00} s): " +
                "nothing else ran meanwhile. Move blocking work off the reactor with Invoke-ReactorWorker."));
        return !failed;
    }

    /// <summary>
    /// Runs the scriptblock in <paramref name="runspace"/> (on its own thread) with <paramref name="input"/>
    /// as <c>$_</c>, its records to <paramref name="sink"/> as they are written, its output there too or, when
    /// given, to <paramref name="results"/> instead. <paramref name="running"/> is told the PowerShell that runs it,
    /// and null when it is done, so another thread can stop it. A terminating error is posted as ReactorCallbackFailed and
    /// returned; null when it ran to the end.
    /// </summary>
    public Exception? InvokeIn(Runspace runspace, object? input, OutputQueue sink, List<object?>? results, Action<PowerShell?>? running = null)
    {
        Exception? failure = null;
        // Never read ps.Runspace before setting it: its getter opens a new runspace (tens of ms).
        var nested = runspace.RunspaceAvailability != RunspaceAvailability.Available;
        using var ps = nested ? PowerShell.Create(RunspaceMode.CurrentRunspace) : PowerShell.Create();
        if (!nested) ps.Runspace = runspace;
        ps.AddScript(_script, useLocalScope: true);
        foreach (var a in _arguments) ps.AddArgument(a);
        if (_usingValues is not null) ps.AddParameter("--%", _usingValues);

        var output = new PSDataCollection<PSObject>();
        output.DataAdded += (_, e) =>
        {
            var item = output[e.Index];
            if (results is not null) results.Add(item);
            else sink.Post(OutputItem.Object(item));
        };
        var streams = ps.Streams;
        streams.Error.DataAdded += (_, e) => sink.Post(OutputItem.Error(streams.Error[e.Index]));
        streams.Warning.DataAdded += (_, e) => sink.Post(OutputItem.Warning(streams.Warning[e.Index].Message));
        streams.Verbose.DataAdded += (_, e) => sink.Post(OutputItem.Verbose(streams.Verbose[e.Index].Message));
        streams.Debug.DataAdded += (_, e) => sink.Post(new OutputItem(OutputKind.Debug, streams.Debug[e.Index].Message));
        streams.Information.DataAdded += (_, e) => sink.Post(new OutputItem(OutputKind.Information, streams.Information[e.Index]));
        streams.Progress.DataAdded += (_, e) => sink.Post(new OutputItem(OutputKind.Progress, streams.Progress[e.Index]));
        var inputs = new PSDataCollection<object?> { input };
        inputs.Complete();
        // A nested run shares its caller's pipeline and scope: it keeps the preferences in force there.
        var before = nested ? null : _preferences.Apply(runspace);
        try
        {
            running?.Invoke(ps);
            ps.Invoke(inputs, output);
        }
        catch (PipelineStoppedException ex)
        {
            failure = ex; // stopped on purpose (a worker whose waiter pressed Ctrl+C): not a failure to report
        }
        catch (Exception ex)
        {
            failure = ex;
            sink.Post(OutputItem.Error(ErrorRecords.CallbackFailed(Origin, ex)));
        }
        finally
        {
            running?.Invoke(null);
            if (before is not null) CallerPreferences.Restore(runspace, before);
        }
        return failure;
    }

    // $_ is the pipeline input, so a body without named blocks runs as a process block.
    private static string WithProcessBlock(ScriptBlockAst ast)
    {
        var sb = new StringBuilder();
        foreach (var u in ast.UsingStatements) sb.AppendLine(u.Extent.Text);
        if (ast.ParamBlock is not null) sb.AppendLine(ast.ParamBlock.Extent.Text);
        if (ast.EndBlock is { Unnamed: true } body && ast.BeginBlock is null && ast.ProcessBlock is null)
        {
            // An unnamed body's extent starts before the using statements and the param block: skip them.
            var headerEnd = Math.Max(ast.ParamBlock?.Extent.EndOffset ?? 0, ast.UsingStatements.Select(u => u.Extent.EndOffset).DefaultIfEmpty(0).Max());
            var text = body.Extent.Text;
            var skip = Math.Clamp(headerEnd - body.Extent.StartOffset, 0, text.Length);
            return sb.AppendLine("process {").AppendLine(text[skip..]).Append('}').ToString();
        }
        foreach (var block in new Ast?[] { ast.DynamicParamBlock, ast.BeginBlock, ast.ProcessBlock, ast.EndBlock })
            if (block is not null) sb.AppendLine(block.Extent.Text);
        return sb.ToString();
    }

    private static Hashtable? UsingValues(PSCmdlet caller, ScriptBlockAst ast)
    {
        Hashtable? values = null;
        // A nested scriptblock's $using: belongs to the cmdlet it is later handed to (Invoke-ReactorWorker
        // -OnComplete inside a callback, say), which captures it then, in the callback's scope.
        foreach (UsingExpressionAst u in ast.FindAll(a => a is UsingExpressionAst, searchNestedScriptBlocks: false))
        {
            if (u.SubExpression is not VariableExpressionAst variable)
                throw new ArgumentException($"'{u}' is not supported in a reactor callback: use $using: with a plain variable.");
            var name = variable.VariablePath.UserPath;
            var psVariable = caller.SessionState.PSVariable.Get(name)
                ?? throw new ArgumentException($"The value of the using variable '{u}' cannot be retrieved because it has not been set in the caller's scope.");
            // The key PowerShell looks the value up by: Base64 of the UTF-16 lower-case expression text.
            var key = Convert.ToBase64String(Encoding.Unicode.GetBytes(u.ToString().ToLowerInvariant()));
            values ??= new Hashtable(StringComparer.Ordinal);
            values[key] = psVariable.Value;
        }
        return values;
    }
}
