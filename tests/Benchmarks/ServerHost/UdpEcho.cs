using System.Net;
using PoetryReactor.Core;
using PoetryReactor.Core.Datagram;
using UdpPort = PoetryReactor.Core.Datagram.UdpPort;

namespace ServerHost;

/// <summary>
/// udp-echo --backend Default|Epoll|Select [--batch N]: a Core UDP port on 127.0.0.1 that writes every datagram
/// back to its sender, on one reactor thread (named "reactor"); prints "PORT p", echoes until stdin
/// closes, then one line "STATS received sent dropped-by-kernel". --batch: datagrams per recvmmsg
/// (Epoll; 32 by default, 1 is the design without batching).
/// </summary>
internal static class UdpEcho
{
    private sealed class Echo : DatagramProtocol
    {
        public override void DatagramReceived(ReadOnlySpan<byte> data, IPEndPoint from) => Transport!.Write(data, from);
    }

    public static int Run(ReactorBackendKind backend, int batch)
    {
        UdpPort.ReceiveBatch = batch;
        var reactor = new Reactor(new ReactorOptions { Backend = backend });
        var port = reactor.ListenUdp(0, new Echo());
        var thread = new Thread(reactor.Run) { Name = "reactor", IsBackground = true };
        thread.Start();
        Console.WriteLine("PORT " + port.Port);
        Console.Out.Flush();
        while (Console.In.Read() >= 0) { }
        reactor.CallFromThread(reactor.Stop);
        thread.Join(TimeSpan.FromSeconds(10));
        Console.WriteLine($"STATS {port.Stats.DatagramsReceived} {port.Stats.DatagramsSent} {port.Stats.DroppedByKernel}");
        return 0;
    }
}
