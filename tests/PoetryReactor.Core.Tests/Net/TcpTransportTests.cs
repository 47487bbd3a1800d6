using System.Net.Sockets;
using System.Text;
using PoetryReactor.Core.Net;
using static PoetryReactor.Core.Tests.Net.NetTestKit;

namespace PoetryReactor.Core.Tests.Net;

/// <summary>The TCP transport: writing, buffering, closing cleanly and abruptly, errors.</summary>
public sealed class TcpTransportTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    [Theory, MemberData(nameof(Backends))]
    public void Echo_round_trip_through_ConnectTcp(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, new ServerFactory(() => new EchoProtocol())));
        var client = new RecordingProtocol
        {
            OnMade = p => p.Transport!.Write(Encoding.UTF8.GetBytes("hello, echo")),
            OnData = p => { if (p.ReceivedCount == 11) p.Transport!.LoseConnection(); },
        };
        var factory = new RecordingClientFactory(() => client);

        var connector = r.OnReactor(() => r.Reactor.ConnectTcp("127.0.0.1", port.Port, factory));

        Assert.IsType<ConnectionDoneException>(Await(client.Lost.Task, "the client's ConnectionLost"));
        Assert.Equal("hello, echo", Encoding.UTF8.GetString(client.Received));
        Assert.IsType<ConnectionDoneException>(Await(factory.Lost.Task, "ClientConnectionLost"));
        Assert.Equal(ConnectorState.Disconnected, r.OnReactor(() => connector.State));
        Assert.False(client.Connected);
        Assert.Equal(1, factory.StartedConnectingCalls);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Writes_made_in_ConnectionMade_are_flushed_before_LoseConnection_closes(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, new ServerFactory(() => new RecordingProtocol
        {
            OnMade = p =>
            {
                p.Transport!.Write(Encoding.ASCII.GetBytes("one "));
                p.Transport.WriteSequence([Encoding.ASCII.GetBytes("two "), Encoding.ASCII.GetBytes("three")]);
                p.Transport.LoseConnection();
                p.Transport.Write(Encoding.ASCII.GetBytes(" ignored after LoseConnection"));
            },
        })));

        using var client = ConnectClient(port.Port);

        Assert.Equal("one two three", Encoding.ASCII.GetString(ReadToEnd(client)));
    }

    [Theory, MemberData(nameof(Backends))]
    public void LoseConnection_with_nothing_buffered_closes_without_watching_for_writability(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        int writersAfterLose = -1;
        var server = new RecordingProtocol
        {
            OnMade = p =>
            {
                p.Transport!.Write(Encoding.ASCII.GetBytes("a poem"));
                p.Transport.LoseConnection();
                writersAfterLose = r.Reactor.GetWriters().Count;
            },
        };
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, new ServerFactory(() => server)));

        using var client = ConnectClient(port.Port);

        Assert.Equal("a poem", Encoding.ASCII.GetString(ReadToEnd(client)));
        Assert.IsType<ConnectionDoneException>(Await(server.Lost.Task, "the server's ConnectionLost"));
        Assert.Equal(0, writersAfterLose);
        Assert.Equal(0, r.OnReactor(() => r.Reactor.GetReaders().Count(d => d is TcpConnection)));
    }

    /// <summary>
    /// Loopback send buffers grow to tcp_wmem's maximum (4 MiB here), so 6 MiB leaves at least
    /// 1 MiB in the transport's own buffer when LoseConnection is called.
    /// </summary>
    [Theory, MemberData(nameof(Backends))]
    public void LoseConnection_flushes_a_buffered_1_MiB_write_before_closing(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        byte[] payload = RandomBytes(6 * 1024 * 1024, seed: 1);
        var buffered = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = new RecordingProtocol
        {
            OnMade = p =>
            {
                p.Transport!.Write(payload);
                buffered.SetResult(p.Connection.BufferedBytes);
                p.Transport.LoseConnection();
            },
        };
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, new ServerFactory(() => server)));

        // A small receive window that is not read until the server has had to buffer.
        using var client = ConnectClient(port.Port, receiveBuffer: 4096);
        int waiting = Await(buffered.Task, "the write");

        Assert.InRange(waiting, 1024 * 1024, payload.Length);
        Assert.Equal(payload, ReadToEnd(client));
        Assert.IsType<ConnectionDoneException>(Await(server.Lost.Task, "the server's ConnectionLost"));
    }

    [Theory, MemberData(nameof(Backends))]
    public void AbortConnection_resets_the_peer_and_reports_later(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        bool lostInsideAbort = false;
        var server = new RecordingProtocol();
        server.OnData = p =>
        {
            p.Transport!.Write(new byte[100_000]);
            p.Transport.AbortConnection();
            lostInsideAbort = p.Lost.Task.IsCompleted;
            p.Transport.AbortConnection(); // twice is harmless
        };
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, new ServerFactory(() => server)));
        using var client = ConnectClient(port.Port, receiveBuffer: 4096);

        client.Send([1]);

        Assert.IsType<ConnectionAbortedError>(Await(server.Lost.Task, "the server's ConnectionLost"));
        Assert.False(lostInsideAbort, "ConnectionLost ran inside AbortConnection");
        var e = Assert.Throws<SocketException>(() => ReadToEnd(client));
        Assert.Equal(SocketError.ConnectionReset, e.SocketErrorCode);
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_peer_reset_is_a_ConnectionLost_with_the_socket_error(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var server = new RecordingProtocol();
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, new ServerFactory(() => server)));
        var client = ConnectClient(port.Port);
        Await(server.Made.Task, "ConnectionMade");

        client.LingerState = new LingerOption(true, 0);
        client.Close();

        var reason = Assert.IsType<ConnectionLostException>(Await(server.Lost.Task, "the server's ConnectionLost"));
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(reason.InnerException).SocketErrorCode);
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_plain_write_past_the_hard_cap_aborts_the_connection(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var server = new RecordingProtocol
        {
            OnMade = p =>
            {
                p.Connection.MaxBufferSize = 256 * 1024;
                // Up to 16 MiB: more than the kernel's send buffer can take, so the cap is reached.
                for (int i = 0; i < 256 && p.Connection.IsOpen; i++) p.Transport!.Write(new byte[64 * 1024]);
            },
        };
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, new ServerFactory(() => server)));

        using var client = ConnectClient(port.Port, receiveBuffer: 4096);

        Assert.IsType<WriteBufferOverflowError>(Await(server.Lost.Task, "the server's ConnectionLost"));
        Assert.Throws<SocketException>(() => ReadToEnd(client));
    }

    [Theory, MemberData(nameof(Backends))]
    public void An_exception_in_DataReceived_closes_the_connection_with_it(ReactorBackendKind backend)
    {
        var log = new RecordingLog();
        using var r = Start(backend, log);
        var server = new RecordingProtocol { OnData = _ => throw new InvalidDataException("bad input") };
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, new ServerFactory(() => server)));
        using var client = ConnectClient(port.Port);

        client.Send([42]);

        Assert.IsType<InvalidDataException>(Await(server.Lost.Task, "the server's ConnectionLost"));
        Assert.Contains(log.Errors, e => e.Error is InvalidDataException);
        Assert.Empty(ReadToEnd(client));
    }

    [Theory, MemberData(nameof(Backends))]
    public void Reactor_shutdown_closes_live_connections(ReactorBackendKind backend)
    {
        var r = Start(backend);
        var server = new RecordingProtocol();
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, new ServerFactory(() => server)));
        using var client = ConnectClient(port.Port);
        Await(server.Made.Task, "ConnectionMade");

        r.Reactor.Stop();
        r.WaitForExit();
        r.Dispose();

        Assert.IsType<ReactorShutdownException>(Await(server.Lost.Task, "ConnectionLost"));
        Assert.Empty(ReadToEnd(client));
    }
}
