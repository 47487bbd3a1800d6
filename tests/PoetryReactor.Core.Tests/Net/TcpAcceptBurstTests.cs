using System.Diagnostics;
using System.Net;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Tests.Net;

/// <summary>Runs alone: it times 10,000 connections, so the rest of the suite must not share the cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TcpAcceptBurstCollection
{
    public const string Name = "TCP accept burst";
}

/// <summary>
/// 10,000 clients connecting at once to a server that keeps its reactor busy (each connection
/// writes 100 bytes every 0.1 s, as the slow poetry server does) are all accepted within a second.
/// A port that drained too few per wake let the accept queue overflow, and the kernel's 1 s and
/// 3 s SYN retransmits made the tail.
/// </summary>
[Collection(TcpAcceptBurstCollection.Name)]
public sealed unsafe class TcpAcceptBurstTests
{
    private const int Clients = 10_000;

    [Fact]
    public void A_burst_of_10000_connections_is_all_accepted_within_a_second()
    {
        if (!OperatingSystem.IsLinux()) return; // the Epoll backend and raw connects are Linux's
        // Both ends in this process: 20,000 descriptors. Without them the server closes each at once.
        bool hold = FileLimits.TryRaise(2 * Clients + 1024);
        using var r = NetTestKit.Start(ReactorBackendKind.Epoll);
        var factory = new RecordingServerFactory(() => hold ? new Ticker(r.Reactor) : new RecordingProtocol { OnMade = p => p.Transport!.LoseConnection() });
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, factory));
        var allBuilt = factory.WhenBuilt(Clients);
        var fds = new List<int>(Clients);
        try
        {
            var clock = Stopwatch.StartNew();
            Span<byte> addr = stackalloc byte[SocketNative.SockAddrSize];
            fixed (byte* a = addr)
            {
                int len = SockAddr.Write(new IPEndPoint(IPAddress.Loopback, port.Port), a);
                for (int i = 0; i < Clients; i++)
                {
                    int fd = SocketNative.socket(SocketNative.AF_INET, SocketNative.SOCK_STREAM | SocketNative.SOCK_NONBLOCK | SocketNative.SOCK_CLOEXEC, 0);
                    Assert.True(fd >= 0, $"socket() failed after {i} clients");
                    fds.Add(fd);
                    SocketNative.connect(fd, a, len); // EINPROGRESS: the handshake finishes on its own
                }
            }
            var issued = clock.Elapsed;

            NetTestKit.Await(allBuilt, $"{Clients} accepted connections");
            var accepted = clock.Elapsed;

            Assert.True(accepted < TimeSpan.FromSeconds(1),
                $"the last of {Clients} connections was accepted after {accepted.TotalMilliseconds:0} ms (connects issued in {issued.TotalMilliseconds:0} ms)");
            Assert.Equal(Clients, r.OnReactor(() => ((TcpPort)port).Accepted));
            if (hold) Assert.Equal(Clients + 1, r.OnReactor(() => r.Reactor.GetReaders().Count)); // and the listener
        }
        finally
        {
            foreach (int fd in fds) SocketNative.close(fd);
        }
    }

    /// <summary>Writes 100 bytes now and every 0.1 s, ten times (the client never reads; 1 KB fits its buffer).</summary>
    private sealed class Ticker(Reactor reactor) : Protocol
    {
        private static readonly byte[] Chunk = new byte[100];
        private int _left = 10;

        public override void ConnectionMade() => Tick();

        private void Tick()
        {
            if (!Connected || --_left < 0) return;
            Transport!.Write(Chunk);
            reactor.CallLater(0.1, Tick);
        }
    }

    /// <summary>RLIMIT_NOFILE: as root the hard limit can be raised too.</summary>
    private static class FileLimits
    {
        private const int RLIMIT_NOFILE = 7;

        public static bool TryRaise(int wanted)
        {
            ulong* lim = stackalloc ulong[2];
            if (getrlimit(RLIMIT_NOFILE, lim) != 0) return false;
            if (lim[0] >= (ulong)wanted) return true;
            if (lim[1] < (ulong)wanted) lim[1] = (ulong)wanted;
            lim[0] = (ulong)wanted;
            if (setrlimit(RLIMIT_NOFILE, lim) == 0) return true;
            if (getrlimit(RLIMIT_NOFILE, lim) != 0) return false;
            lim[0] = lim[1]; // not root: as far as the hard limit goes
            setrlimit(RLIMIT_NOFILE, lim);
            return lim[0] >= (ulong)wanted;
        }

        [System.Runtime.InteropServices.DllImport("libc")] private static extern int getrlimit(int resource, ulong* rlim);
        [System.Runtime.InteropServices.DllImport("libc")] private static extern int setrlimit(int resource, ulong* rlim);
    }
}
