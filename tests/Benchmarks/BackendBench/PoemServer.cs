using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core;
using PoetryReactor.Core.Poetry.Clients;

namespace BackendBench;

/// <summary>
/// The tiny server under test: a non-blocking listener registered with AddReader; each accepted
/// connection is registered with AddWriter, writes the 2,048-byte poem, and is closed when its
/// DoWrite reports the poem sent (as a Twisted transport would: write buffers, the writer drains).
/// </summary>
internal sealed class PoemServer : IReadDescriptor
{
    public const int PoemSize = 2048;
    private static readonly byte[] Poem = Enumerable.Range(0, PoemSize).Select(i => (byte)('a' + i % 26)).ToArray();

    private readonly Reactor _reactor;
    private readonly Socket _listener;

    public PoemServer(Reactor reactor)
    {
        _reactor = reactor;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1024);
        _listener.Blocking = false;
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;
    public long Served { get; private set; }
    public nint Fileno => _listener.Handle;
    public Socket? Socket => _listener;
    public string LogPrefix => "poem server";

    public Exception? DoRead()
    {
        // Bounded batch; Poll guards Accept, which throws at EAGAIN on a non-blocking listener.
        for (int i = 0; i < 64 && _listener.Poll(0, SelectMode.SelectRead); i++)
        {
            Socket client;
            try { client = _listener.Accept(); }
            catch (SocketException) { break; }
            client.Blocking = false;
            _reactor.AddWriter(new Connection(this, client));
        }
        return null;
    }

    public void ConnectionLost(Exception reason) => _listener.Dispose();

    private sealed class Connection(PoemServer server, Socket socket) : IWriteDescriptor
    {
        private int _sent;

        public nint Fileno => socket.Handle;
        public Socket? Socket => socket;
        public string LogPrefix => "poem connection";

        public Exception? DoWrite()
        {
            int n = socket.Send(Poem, _sent, PoemSize - _sent, SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock) return null;
            if (error != SocketError.Success) return new ConnectionLostException(error.ToString());
            _sent += n;
            if (_sent < PoemSize) return null;
            server.Served++;
            return Done;
        }

        public void ConnectionLost(Exception reason) => socket.Dispose();

        private static readonly ConnectionDoneException Done = new();
    }
}
