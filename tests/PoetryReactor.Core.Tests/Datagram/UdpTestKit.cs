using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Datagram;

namespace PoetryReactor.Core.Tests.Datagram;

/// <summary>Helpers for the UDP tests: recording protocols and blocking client sockets on loopback.</summary>
internal static class UdpTestKit
{
    /// <summary>A blocking UDP socket on the loopback of <paramref name="family"/>, bounded by the tests' patience.</summary>
    public static Socket Client(AddressFamily family = AddressFamily.InterNetwork)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(family == AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Loopback, 0));
        socket.ReceiveTimeout = (int)ReactorTestKit.Patience.TotalMilliseconds;
        return socket;
    }

    public static IPEndPoint Loopback(int port) => new(IPAddress.Loopback, port);

    /// <summary>Receives one datagram (fails the test on timeout).</summary>
    public static byte[] ReceiveOne(Socket socket, out IPEndPoint from)
    {
        var buffer = new byte[70_000];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        int n = socket.ReceiveFrom(buffer, ref any);
        from = (IPEndPoint)any;
        return buffer.AsSpan(0, n).ToArray();
    }
}

/// <summary>Keeps every datagram it hears (reactor thread) and signals when enough have come.</summary>
internal class RecordingDatagramProtocol : DatagramProtocol
{
    private readonly object _gate = new();
    private readonly List<(byte[] Data, IPEndPoint From)> _datagrams = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = new();

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public Action<RecordingDatagramProtocol, byte[], IPEndPoint>? OnDatagram { get; set; }
    public int Refusals;

    public TaskCompletionSource Refused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<(byte[] Data, IPEndPoint From)> Datagrams
    {
        get { lock (_gate) return _datagrams.ToList(); }
    }

    public int Count
    {
        get { lock (_gate) return _datagrams.Count; }
    }

    public override void StartProtocol() => Started.TrySetResult();

    public override void StopProtocol() => Stopped.TrySetResult();

    public override void DatagramReceived(ReadOnlySpan<byte> data, IPEndPoint from)
    {
        var copy = data.ToArray();
        lock (_gate)
        {
            _datagrams.Add((copy, from));
            foreach (var (count, signal) in _waiters) if (_datagrams.Count >= count) signal.TrySetResult();
        }
        OnDatagram?.Invoke(this, copy, from);
    }

    public override void ConnectionRefused()
    {
        Interlocked.Increment(ref Refusals);
        Refused.TrySetResult();
    }

    /// <summary>Completes once <paramref name="count"/> datagrams have come. Any thread.</summary>
    public Task WhenReceived(int count)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_datagrams.Count >= count) signal.SetResult();
            else _waiters.Add((count, signal));
        }
        return signal.Task;
    }
}

/// <summary>Writes every datagram back to its sender (Twisted's echo example).</summary>
internal sealed class EchoDatagramProtocol : DatagramProtocol
{
    public override void DatagramReceived(ReadOnlySpan<byte> data, IPEndPoint from) => Transport!.Write(data, from);
}
