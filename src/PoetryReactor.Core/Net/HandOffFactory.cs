using System.Net;

namespace PoetryReactor.Core.Net;

/// <summary>
/// The factory of a port that hands its connections to worker reactors: it builds nothing itself, and
/// starts and stops the workers' factories, each on its own reactor's thread.
/// </summary>
internal sealed class HandOffFactory((Reactor Reactor, ServerFactory Factory)[] workers) : ServerFactory
{
    public override Protocol? BuildProtocol(EndPoint address) =>
        throw new InvalidOperationException("A hand-off port's connections are built by its workers' factories.");

    public override void StartFactory()
    {
        foreach (var (reactor, factory) in workers) OnReactor(reactor, factory.DoStart);
    }

    public override void StopFactory()
    {
        foreach (var (reactor, factory) in workers) OnReactor(reactor, factory.DoStop);
    }

    private static void OnReactor(Reactor reactor, Action action)
    {
        try
        {
            _ = reactor.InvokeAsync(action);
        }
        catch (ReactorNotRunningException)
        {
            // That worker has stopped: its factory stopped with it.
        }
    }
}
