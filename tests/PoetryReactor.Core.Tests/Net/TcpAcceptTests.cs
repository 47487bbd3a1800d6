using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Net;
using static PoetryReactor.Core.Tests.Net.NetTestKit;

namespace PoetryReactor.Core.Tests.Net;

/// <summary>TcpPort.DoRead: accepts until the queue is empty, within a budget that grows with bursts.</summary>
public sealed class TcpAcceptTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    [Theory, MemberData(nameof(Backends))]
    public void One_wake_accepts_up_to_the_budget_and_a_full_budget_doubles_it(ReactorBackendKind backend)
    {
        using var reactor = ReactorTestKit.Create(backend, new RecordingLog());
        var factory = new RecordingServerFactory(() => new RecordingProtocol());
        var port = (TcpPort)reactor.ListenTcp(0, factory);
        int queued = TcpPort.MinAcceptsPerWake + 100;
        // Blocking connects on loopback return with the connection already in the accept queue.
        var clients = Enumerable.Range(0, queued).Select(_ => ConnectClient(port.Port)).ToList();
        try
        {
            reactor.Iterate(5);
            Assert.Equal(TcpPort.MinAcceptsPerWake, port.Accepted);
            Assert.Equal(2 * TcpPort.MinAcceptsPerWake, port.AcceptBudget);

            reactor.Iterate(5);
            Assert.Equal(queued, port.Accepted);
            Assert.Equal(queued, factory.Built.Count);
            // 100 of 512 is under a quarter of the budget: back to the minimum.
            Assert.Equal(TcpPort.MinAcceptsPerWake, port.AcceptBudget);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_connection_reset_in_the_queue_does_not_stop_the_ones_behind_it(ReactorBackendKind backend)
    {
        using var reactor = ReactorTestKit.Create(backend, new RecordingLog());
        var factory = new RecordingServerFactory(() => new RecordingProtocol());
        var port = (TcpPort)reactor.ListenTcp(0, factory);
        var reset = ConnectClient(port.Port);
        reset.LingerState = new LingerOption(true, 0);
        reset.Dispose(); // RST while still queued
        var clients = Enumerable.Range(0, 5).Select(_ => ConnectClient(port.Port)).ToList();
        try
        {
            ReactorTestKit.IterateUntil(reactor, () => factory.Built.Count >= 5, "the five live connections");
            Assert.InRange(port.Accepted, 5, 6); // Linux hands over the reset one too, which then reads a reset
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}
