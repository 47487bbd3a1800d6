using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Tests.Net;

/// <summary>Helpers for the TCP tests: a running reactor per test, recording protocols and factories.</summary>
internal static class NetTestKit
{
    public static RunningReactor Start(ReactorBackendKind backend, RecordingLog? log = null) =>
        RunningReactor.Start(ReactorTestKit.Create(backend, log ?? new RecordingLog()));

    public static T Await<T>(Task<T> task, string what)
    {
        Assert.True(task.Wait(ReactorTestKit.Patience), $"Timed out waiting for {what}.");
        return task.Result;
    }

    public static void Await(Task task, string what) =>
        Assert.True(task.Wait(ReactorTestKit.Patience), $"Timed out waiting for {what}.");

    /// <summary>A blocking client socket connected to <paramref name="port"/> on the IPv4 loopback.</summary>
    public static Socket ConnectClient(int port, int? receiveBuffer = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (receiveBuffer is { } size) socket.ReceiveBufferSize = size;
        socket.ReceiveTimeout = (int)ReactorTestKit.Patience.TotalMilliseconds;
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    /// <summary>Reads until the peer closes; a reset propagates as SocketException.</summary>
    public static byte[] ReadToEnd(Socket socket)
    {
        var all = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = socket.Receive(buffer)) > 0) all.Write(buffer, 0, n);
        return all.ToArray();
    }

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}

/// <summary>A protocol that records what happens to it and runs optional hooks (all on the reactor thread).</summary>
internal class RecordingProtocol : Protocol
{
    private readonly MemoryStream _received = new();

    public TaskCompletionSource Made { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource<Exception> Lost { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public Action<RecordingProtocol>? OnMade { get; set; }
    public Action<RecordingProtocol>? OnData { get; set; }
    public int? ReactorThread { get; private set; }

    /// <summary>The bytes received; read it after <see cref="Lost"/> fired (or on the reactor thread).</summary>
    public byte[] Received => _received.ToArray();

    public long ReceivedCount => _received.Length;

    public TcpConnection Connection => (TcpConnection)Transport!;

    public override void ConnectionMade()
    {
        ReactorThread = Environment.CurrentManagedThreadId;
        OnMade?.Invoke(this);
        Made.TrySetResult();
    }

    public override void DataReceived(ReadOnlySpan<byte> data)
    {
        _received.Write(data);
        OnData?.Invoke(this);
    }

    public override void ConnectionLost(Exception reason) => Lost.TrySetResult(reason);
}

/// <summary>Writes back what it receives.</summary>
internal sealed class EchoProtocol : Protocol
{
    public override void DataReceived(ReadOnlySpan<byte> data) => Transport!.Write(data);
}

/// <summary>A server factory that keeps the protocols it built and counts starts and stops.</summary>
internal sealed class RecordingServerFactory(Func<Protocol> build) : ServerFactory(build)
{
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = new();

    /// <summary>The protocols built; read on the reactor thread.</summary>
    public List<Protocol> Built { get; } = new();
    public int Starts { get; private set; }
    public int Stops { get; private set; }

    public override Protocol? BuildProtocol(EndPoint address)
    {
        var protocol = base.BuildProtocol(address);
        lock (_waiters)
        {
            Built.Add(protocol!);
            foreach (var (count, signal) in _waiters) if (Built.Count >= count) signal.TrySetResult();
        }
        return protocol;
    }

    /// <summary>Completes once <paramref name="count"/> protocols have been built. Any thread.</summary>
    public Task WhenBuilt(int count)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (Built.Count >= count) signal.SetResult();
            else _waiters.Add((count, signal));
        }
        return signal.Task;
    }

    public override void StartFactory() => Starts++;
    public override void StopFactory() => Stops++;
}

/// <summary>A client factory that records how the connect went.</summary>
internal sealed class RecordingClientFactory(Func<Protocol> build) : ClientFactory(build)
{
    public TaskCompletionSource<Exception> Failed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource<Exception> Lost { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public int StartedConnectingCalls { get; private set; }
    public int Starts { get; private set; }
    public int Stops { get; private set; }
    public ConnectorState StateWhenLost { get; private set; }

    public override void StartedConnecting(IConnector connector) => StartedConnectingCalls++;

    public override void ClientConnectionFailed(IConnector connector, Exception reason)
    {
        StateWhenLost = connector.State;
        Failed.TrySetResult(reason);
    }

    public override void ClientConnectionLost(IConnector connector, Exception reason)
    {
        StateWhenLost = connector.State;
        Lost.TrySetResult(reason);
    }

    public override void StartFactory() => Starts++;
    public override void StopFactory() => Stops++;
}
