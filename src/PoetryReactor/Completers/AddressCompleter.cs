using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PoetryReactor.Hosting;
using PoetryReactor.Poetry;

namespace PoetryReactor.Completers;

/// <summary>Completes -Address with the addresses of the poetry servers and reactor listeners running now.</summary>
public sealed class AddressCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = (wordToComplete ?? "").Trim('\'', '"');
        var servers = PoetryServerRegistry.List().Select(s => (s.Address, Tip: $"poetry server {s.Id}: {s.Name}"));
        var listeners = (ModuleReactor.Current?.Listeners.List() ?? []).Select(l => (l.Address, Tip: $"reactor listener {l.Id}{(l.Name is null ? "" : $": {l.Name}")}"));
        foreach (var (address, tip) in servers.Concat(listeners))
            if (address.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                yield return new CompletionResult(address.Contains('[') ? $"'{address}'" : address, address, CompletionResultType.ParameterValue, tip);
    }
}
