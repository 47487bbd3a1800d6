using System.Diagnostics;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Core.Poetry.Servers;
using static PoetryReactor.Core.Tests.Poetry.PoetryTestSupport;

namespace PoetryReactor.Core.Tests.Poetry;

/// <summary>Runs only where /usr/bin/python3 exists.</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    public PythonFactAttribute()
    {
        if (!File.Exists(Python))
        {
            Skip = $"{Python} is not installed";
        }
    }
}

/// <summary>The wire protocol against tiny standard-library Python programs in the tutorial's style.</summary>
public class PythonInteropTests
{
    // Serves the poem given in hex to one client, in two sendall calls, then closes.
    private const string PythonServer = """
        import socket, sys, time
        poem = bytes.fromhex(sys.argv[1])
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(('127.0.0.1', 0))
        listener.listen(5)
        listener.settimeout(20)
        print(listener.getsockname()[1], flush=True)
        sock, addr = listener.accept()
        half = len(poem) // 2
        sock.sendall(poem[:half])
        time.sleep(0.05)
        sock.sendall(poem[half:])
        sock.close()
        """;

    // The tutorial's blocking client, reading until the server closes; prints the poem in hex.
    private const string PythonClient = """
        import socket, sys
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.settimeout(20)
        sock.connect(('127.0.0.1', int(sys.argv[1])))
        poem = b''
        while True:
            data = sock.recv(1024)
            if not data:
                break
            poem += data
        print(poem.hex(), flush=True)
        """;

    [PythonFact]
    public async Task Fetches_from_a_python_server()
    {
        byte[] poem = Utf8("Lanterns on the quay,\ncafé and 月 and tea.\n");
        using Process python = StartPython(PythonServer, Convert.ToHexString(poem));
        try
        {
            string? port = await python.StandardOutput.ReadLineAsync().WaitAsync(Patience);

            Poem result = await FetchOneAsync(PoetryClientMode.Select, HostPort.Parse(port!));

            Assert.True(result.Complete, result.Error?.ToString());
            Assert.Equal(poem, result.GetBytes());
            Assert.True(python.WaitForExit(Patience), "the python server did not exit");
            Assert.Equal(0, python.ExitCode);
        }
        finally
        {
            Kill(python);
        }
    }

    [PythonFact]
    public async Task A_python_client_fetches_from_the_blocking_server()
    {
        byte[] poem = File.ReadAllBytes(Path.Combine(RepoRoot(), "module", "poems", "lanterns.txt"));
        using BlockingPoetryServer server = StartServer(poem, chunkSize: 100, delaySeconds: 0.001);
        using Process python = StartPython(PythonClient, server.Port.ToString());
        try
        {
            string? hex = await python.StandardOutput.ReadLineAsync().WaitAsync(Patience);

            Assert.Equal(Convert.ToHexString(poem), hex, ignoreCase: true);
            Assert.True(python.WaitForExit(Patience), "the python client did not exit");
            Assert.Equal(0, python.ExitCode);
        }
        finally
        {
            Kill(python);
        }
    }

    private static Process StartPython(string script, string argument)
    {
        var start = new ProcessStartInfo(PythonFactAttribute.Python)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(Patience);
        }
    }
}
