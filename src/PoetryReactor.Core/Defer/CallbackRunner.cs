using System.Diagnostics;

namespace PoetryReactor.Core.Defer;

/// <summary>
/// Runs callback chains with an explicit stack instead of recursion, so a Deferred waiting on a
/// Deferred waiting on ... (any depth) resumes at constant stack depth (Twisted ticket 411).
/// </summary>
internal static class CallbackRunner
{
    internal static void Run(IChainable start)
    {
        var chain = new List<IChainable> { start };
        while (chain.Count > 0)
        {
            var current = chain[^1];
            var next = current.IsPaused ? null : current.RunLinks();
            if (next is not null)
            {
                // Finish the waiter first; current's remaining links run after it.
                chain.Add(next);
                continue;
            }
            current.Settle();
            chain.RemoveAt(chain.Count - 1);
        }
    }
}
