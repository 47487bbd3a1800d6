using PoetryReactor.Callbacks;
using PoetryReactor.Core;
using PoetryReactor.Errors;

namespace PoetryReactor.Hosting;

/// <summary>Reports C# callback failures and warnings of the reactor as records on the event queue (Wait-Reactor).</summary>
internal sealed class EventQueueLog : IReactorLog
{
    private readonly OutputQueue _events;

    public EventQueueLog(OutputQueue events) => _events = events;

    public void Error(string origin, Exception ex) => _events.Post(OutputItem.Error(ErrorRecords.CallbackFailed(origin, ex)));

    public void Warning(string origin, string message) => _events.Post(OutputItem.Warning($"{origin}: {message}"));
}
