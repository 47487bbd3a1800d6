using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using PoetryReactor.Core;
using PoetryReactor.Core.Net;

namespace Micro;

internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}

/// <summary>Delayed calls with 1 or 100,000 already pending: the heap's O(log n) shows as a small step.</summary>
[MemoryDiagnoser]
public class TimerBenchmarks
{
    private static readonly Action Noop = static () => { };
    private Reactor _reactor = null!;

    [Params(1, 100_000)]
    public int Pending { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _reactor = new Reactor(new ReactorOptions { Backend = ReactorBackendKind.Select });
        for (int i = 0; i < Pending; i++) _reactor.CallLater(1000 + (i * 7919 % 1000) / 100.0, Noop);
    }

    [GlobalCleanup]
    public void Cleanup() => _reactor.Dispose();

    [Benchmark(Description = "schedule + cancel")]
    public void ScheduleCancel() => _reactor.CallLater(500, Noop).Cancel();

    [Benchmark(Description = "schedule + fire (due now)")]
    public void ScheduleFire()
    {
        _reactor.CallLater(0, Noop);
        _reactor.RunUntilCurrent();
    }
}

/// <summary>One pass of the loop with nothing to do (zero timeout), on the default backend.</summary>
[MemoryDiagnoser]
public class LoopBenchmarks
{
    private Reactor _reactor = null!;

    [GlobalSetup]
    public void Setup() => _reactor = new Reactor();

    [GlobalCleanup]
    public void Cleanup() => _reactor.Dispose();

    [Benchmark(Description = "Iterate(0), no work")]
    public void EmptyPass() => _reactor.Iterate(0);
}

/// <summary>CallFromThread from another thread to a running reactor and back (a wake-up each way).</summary>
public class CallFromThreadBenchmarks
{
    private Reactor _reactor = null!;
    private Thread _thread = null!;
    private readonly ManualResetEventSlim _done = new();
    private Action _set = null!;

    [GlobalSetup]
    public void Setup()
    {
        _reactor = new Reactor();
        _set = _done.Set;
        var started = new ManualResetEventSlim();
        _reactor.CallWhenRunning(started.Set);
        _thread = new Thread(_reactor.Run) { IsBackground = true };
        _thread.Start();
        if (!started.Wait(TimeSpan.FromSeconds(10))) throw new TimeoutException("reactor did not start");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _reactor.CallFromThread(_reactor.Stop);
        _thread.Join(TimeSpan.FromSeconds(10));
        _reactor.Dispose();
    }

    [Benchmark(Description = "CallFromThread round trip")]
    public void RoundTrip()
    {
        _done.Reset();
        _reactor.CallFromThread(_set);
        if (!_done.Wait(TimeSpan.FromSeconds(10))) throw new TimeoutException("no round trip");
    }
}

/// <summary>TcpConnection.Write of a 2 KB poem on a loopback connection, and the peer reading it.</summary>
[MemoryDiagnoser]
public class WriteBenchmarks
{
    private readonly byte[] _poem = Enumerable.Range(0, 2048).Select(i => (byte)('a' + i % 26)).ToArray();
    private readonly byte[] _sink = new byte[4096];
    private Reactor _reactor = null!;
    private TcpConnection _connection = null!;
    private Socket _peer = null!;
    private Socket _server = null!; // owns the descriptor the connection writes to

    [GlobalSetup]
    public void Setup()
    {
        _reactor = new Reactor();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        _peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _peer.Connect(listener.LocalEndPoint!);
        var server = _server = listener.Accept();
        server.Blocking = false;
        // The path the reactor's backend uses: a raw descriptor with Epoll, the .NET socket otherwise.
        var socket = TcpSocket.IsRawFor(_reactor) ? TcpSocket.FromDescriptor((int)server.Handle) : TcpSocket.FromSocket(server);
        _connection = new TcpConnection(_reactor, socket, _peer.LocalEndPoint!, server.LocalEndPoint);
        _connection.Start(new Protocol());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _peer.Dispose();
        _server.Dispose();
        _reactor.Dispose();
    }

    [Benchmark(Description = "Write 2 KB + peer receive")]
    public int Write()
    {
        _connection.Write(_poem);
        int got = 0;
        while (got < _poem.Length) got += _peer.Receive(_sink);
        return got;
    }
}
