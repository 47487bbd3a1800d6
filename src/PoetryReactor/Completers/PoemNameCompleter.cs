using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Poetry;

namespace PoetryReactor.Completers;

/// <summary>Completes <c>-Poem</c> and <c>-Name</c> with the shipped poems' names.</summary>
public sealed class PoemNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = (wordToComplete ?? "").Trim('\'', '"');
        var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
        foreach (var poem in ShippedPoems.ListQuietly())
            if (pattern.IsMatch(poem.Name))
                yield return new CompletionResult(poem.Name, poem.Name, CompletionResultType.ParameterValue,
                    $"{poem.Title} ({poem.Bytes} bytes)");
    }
}
