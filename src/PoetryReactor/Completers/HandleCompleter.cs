using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PoetryReactor.Hosting;
using PoetryReactor.Objects;
using PoetryReactor.Poetry;

namespace PoetryReactor.Completers;

/// <summary>
/// Completes -Id, -Name and -Port of the Get-, Stop- and other family cmdlets with what runs now:
/// the noun of the command says which family (PoetryServer, ReactorCall, ReactorListener,
/// ReactorCallback, ReactorConnection), the parameter which value. Completion never throws.
/// </summary>
public sealed class HandleCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = (wordToComplete ?? "").Trim('\'', '"');
        var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
        var results = new List<CompletionResult>();
        foreach (var (id, name, port, tip) in Handles(commandName))
        {
            var value = parameterName switch
            {
                "Id" => id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "Port" => port?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => name,
            };
            if (value is null || !pattern.IsMatch(value) || results.Any(r => r.CompletionText == Quote(value))) continue;
            results.Add(new CompletionResult(Quote(value), value, CompletionResultType.ParameterValue, tip));
        }
        return results;
    }

    private static string Quote(string value) =>
        value.Any(c => char.IsWhiteSpace(c) || "'\"$`;,(){}|&<>@#".Contains(c)) ? $"'{value.Replace("'", "''")}'" : value;

    private static IEnumerable<(int Id, string? Name, int? Port, string Tip)> Handles(string command)
    {
        var host = ModuleReactor.Current;
        if (command.EndsWith("PoetryServer", StringComparison.OrdinalIgnoreCase))
            return PoetryServerRegistry.List().Select(s => (s.Id, (string?)s.Name, (int?)s.Port, $"{s.Name} on {s.Address}"));
        if (command.EndsWith("ReactorConnection", StringComparison.OrdinalIgnoreCase))
            return Commands.GetReactorConnectionCommand.All().Select(c => (c.Id, c.Name, (int?)null, c.ToString()));
        if (host is null) return Array.Empty<(int, string?, int?, string)>();
        if (command.EndsWith("ReactorCall", StringComparison.OrdinalIgnoreCase))
            return host.Calls.List().Select(c => (c.Id, c.Name, (int?)null, c.ToString()));
        if (command.EndsWith("ReactorCallback", StringComparison.OrdinalIgnoreCase))
            return host.Registrations.List().Select(c => (c.Id, c.Name, (int?)null, c.ToString()));
        if (command.EndsWith("ReactorListener", StringComparison.OrdinalIgnoreCase))
            return host.Listeners.List().Select(l => (l.Id, l.Name, (int?)l.Port, l.ToString()));
        return Array.Empty<(int, string?, int?, string)>();
    }
}
