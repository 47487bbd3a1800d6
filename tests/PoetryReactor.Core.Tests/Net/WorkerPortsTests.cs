using System.Collections.Concurrent;
using System.Net.Sockets;
using PoetryReactor.Core.Net;
using static PoetryReactor.Core.Tests.Net.NetTestKit;

namespace PoetryReactor.Core.Tests.Net;

/// <summary>One port over several running reactors: SO_REUSEPORT groups and the round-robin hand-off.</summary>
public sealed class WorkerPortsTests : IDisposable
{
    private static readonly TimeSpan Bound = ReactorTestKit.Patience;
    private readonly List<RunningReactor> _reactors = new();

    public static TheoryData<ReactorBackendKind, WorkerAccept> Modes()
    {
        var data = new TheoryData<ReactorBackendKind, WorkerAccept>();
        foreach (ReactorBackendKind backend in ReactorTestKit.Backends())
        {
            data.Add(backend, WorkerAccept.RoundRobin);
            if (TcpExtensions.ReusePortBalances) data.Add(backend, WorkerAccept.ReusePort);
        }
        return data;
    }

    public void Dispose() => _reactors.ForEach(r => r.Dispose());

    [Theory, MemberData(nameof(Modes))]
    public void Every_connection_lives_on_one_reactor_and_every_reactor_gets_some(ReactorBackendKind backend, WorkerAccept accept)
    {
        var (workers, threads) = Workers(backend, 3, out var served);
        var ports = WorkerPorts.Listen(workers, 0, "127.0.0.1", accept, Bound);
        Assert.Equal(accept, ports.Accept);
        Assert.Equal(accept == WorkerAccept.ReusePort ? 3 : 1, ports.ListeningPorts.Count);
        Assert.All(ports.ListeningPorts, p => Assert.Equal(ports.Port, p.Port));

        // Each connection is answered with the number of the reactor thread that built and ran it.
        var answers = Enumerable.Range(0, 300).Select(_ => Exchange(ports.Port)).ToArray();
        Assert.All(answers, a => Assert.Contains(a, threads));
        Assert.Equal(threads.Order(), answers.Distinct().Order());
        Assert.Equal(300, served.Values.Sum());
        if (accept == WorkerAccept.RoundRobin) Assert.All(served.Values, n => Assert.Equal(100, n));

        ports.StopListening();
        Await(Task.WhenAll(workers.Select(w => w.Reactor.InvokeAsync(() => { }))), "the stops");
        Assert.All(ports.ListeningPorts, p => Assert.False(((TcpPort)p).IsListening));
        Assert.ThrowsAny<SocketException>(() => ConnectClient(ports.Port).Dispose());
    }

    [LinuxFact]
    public void A_port_held_by_another_socket_is_in_use_even_with_SO_REUSEPORT_set_on_both()
    {
        var (workers, _) = Workers(ReactorBackendKind.Default, 2, out _);
        var first = WorkerPorts.Listen(workers, 0, "127.0.0.1", WorkerAccept.ReusePort, Bound);
        var (others, _) = Workers(ReactorBackendKind.Default, 2, out _);
        var e = Assert.Throws<CannotListenError>(() => WorkerPorts.Listen(others, first.Port, "127.0.0.1", WorkerAccept.ReusePort, Bound));
        Assert.Equal(SocketError.AddressAlreadyInUse, e.SocketError);
        first.StopListening();
    }

    [LinuxFact]
    public void Workers_on_different_backends_cannot_share_a_hand_off_port()
    {
        using var epoll = new Reactor(new ReactorOptions { Backend = ReactorBackendKind.Epoll });
        using var select = new Reactor(new ReactorOptions { Backend = ReactorBackendKind.Select });
        var factory = new ServerFactory(() => new EchoProtocol());
        Assert.Throws<ArgumentException>(() => epoll.ListenTcpRoundRobin(0, [(epoll, factory), (select, factory)]));
    }

    // Running reactors, each with a factory whose protocol answers with its reactor's thread id and closes.
    private (IReadOnlyList<(Reactor Reactor, ServerFactory Factory)> Workers, int[] Threads) Workers(
        ReactorBackendKind backend, int count, out ConcurrentDictionary<int, int> served)
    {
        var tally = served = new ConcurrentDictionary<int, int>();
        var workers = new List<(Reactor, ServerFactory)>();
        var threads = new List<int>();
        for (int i = 0; i < count; i++)
        {
            var running = Start(backend);
            _reactors.Add(running);
            threads.Add(running.ManagedThreadId);
            workers.Add((running.Reactor, new ServerFactory(() => new RecordingProtocol
            {
                OnMade = p =>
                {
                    int thread = Environment.CurrentManagedThreadId;
                    tally.AddOrUpdate(thread, 1, (_, n) => n + 1);
                    p.Transport!.Write(BitConverter.GetBytes(thread));
                    p.Transport.LoseConnection();
                },
            })));
        }
        return (workers, threads.ToArray());
    }

    private static int Exchange(int port)
    {
        using var client = ConnectClient(port);
        var bytes = ReadToEnd(client);
        Assert.Equal(4, bytes.Length);
        return BitConverter.ToInt32(bytes);
    }
}
