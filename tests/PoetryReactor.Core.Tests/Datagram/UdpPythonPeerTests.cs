using System.Diagnostics;
using System.Text.Json;
using PoetryReactor.Core.Datagram;
using PoetryReactor.Core.Tests.Poetry;
using static PoetryReactor.Core.Tests.Net.NetTestKit;

namespace PoetryReactor.Core.Tests.Datagram;

/// <summary>A UDP port against Python's own socket module (the system python3), as a real peer.</summary>
public sealed class UdpPythonPeerTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    // Sends each datagram and waits for its echo; prints what came back, as JSON.
    private const string EchoClient = """
        import json, os, socket, sys
        port = int(sys.argv[1])
        sizes = [int(x) for x in sys.argv[2].split(',')]
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(20)
        results = []
        for size in sizes:
            data = os.urandom(size)
            s.sendto(data, ('127.0.0.1', port))
            echo, addr = s.recvfrom(70000)
            results.append({'size': size, 'same': echo == data, 'from': addr[1]})
        try:
            s.sendto(b'x' * 65508, ('127.0.0.1', port))
            too_long = 'sent'
        except OSError as e:
            too_long = e.strerror
        print(json.dumps({'results': results, 'tooLong': too_long}), flush=True)
        """;

    [PythonTheory, MemberData(nameof(Backends))]
    public void Python_hears_every_datagram_back_empty_small_and_largest(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var port = r.OnReactor(() => r.Reactor.ListenUdp(0, new EchoDatagramProtocol()));
        int[] sizes = [0, 5, 1472, 9000, 65_000, 65_507, 0];

        var (exit, stdout, stderr) = RunPython(EchoClient, port.Port.ToString(), string.Join(',', sizes));

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(sizes, results.Select(e => e.GetProperty("size").GetInt32()));
        Assert.All(results, e => Assert.True(e.GetProperty("same").GetBoolean(), $"the echo of {e.GetProperty("size")} bytes differs"));
        Assert.All(results, e => Assert.Equal(port.Port, e.GetProperty("from").GetInt32()));
        // Python's own socket refuses a datagram past UDP's limit: nothing reached the port.
        Assert.Equal("Message too long", json.RootElement.GetProperty("tooLong").GetString());
        Assert.Equal(sizes.Length, port.Stats.DatagramsReceived);
        Assert.Equal(2, port.Stats.EmptyDatagrams);
        Assert.Equal(sizes.Sum(), port.Stats.BytesSent);
    }

    // Listens, reads one datagram from the port under test, answers it, prints it as JSON.
    private const string Responder = """
        import json, socket, sys
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(('127.0.0.1', 0))
        s.settimeout(20)
        print(s.getsockname()[1], flush=True)
        data, addr = s.recvfrom(70000)
        s.sendto(data[::-1], addr)
        print(json.dumps({'got': data.decode(), 'from': addr[1]}), flush=True)
        """;

    [PythonTheory, MemberData(nameof(Backends))]
    public async Task A_connected_port_talks_to_a_python_peer(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        using var python = StartPython(Responder);
        try
        {
            int peerPort = int.Parse((await python.StandardOutput.ReadLineAsync().WaitAsync(ReactorTestKit.Patience))!);
            var protocol = new RecordingDatagramProtocol();
            var port = r.OnReactor(() => r.Reactor.ConnectUdp("127.0.0.1", peerPort, protocol));

            r.OnReactor(() => port.Write("stressed"u8, null));

            Await(protocol.WhenReceived(1), "the python peer's answer");
            Assert.Equal("desserts", System.Text.Encoding.ASCII.GetString(protocol.Datagrams[0].Data));
            using var json = JsonDocument.Parse((await python.StandardOutput.ReadLineAsync().WaitAsync(ReactorTestKit.Patience))!);
            Assert.Equal("stressed", json.RootElement.GetProperty("got").GetString());
            Assert.Equal(port.Port, json.RootElement.GetProperty("from").GetInt32());
        }
        finally
        {
            if (!python.HasExited) python.Kill();
        }
    }

    private static Process StartPython(string script, params string[] args)
    {
        var psi = new ProcessStartInfo(PythonFactAttribute.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    private static (int Exit, string Stdout, string Stderr) RunPython(string script, params string[] args)
    {
        using var p = StartPython(script, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(ReactorTestKit.Patience))
        {
            p.Kill();
            Assert.Fail("python did not finish");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
