using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Poetry.Servers;

/// <summary>
/// The tutorial's slow poetry server (Part 2, slowpoetry.py): blocking sockets, one client at a
/// time on its own background thread. Each client gets the poem in chunks of
/// <see cref="PoetryServerOptions.ChunkSize"/> bytes with <see cref="PoetryServerOptions.Delay"/>
/// between them, then a clean close; other clients wait in the listen backlog meanwhile.
/// </summary>
/// <remarks>Starts once; after <see cref="Stop"/> make a new server.</remarks>
public sealed class BlockingPoetryServer : IPoetryServer, IDisposable
{
    /// <summary>How long <see cref="Stop"/> waits for the serving thread to end.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    // The tutorial's listen(5).
    private const int Backlog = 5;

    private readonly object _gate = new();
    private readonly ManualResetEventSlim _stopping = new();
    private Socket? _listener;
    private Socket? _client;
    private Thread? _thread;
    private bool _started;

    /// <summary>Creates a stopped server; the options are copied.</summary>
    public BlockingPoetryServer(PoetryServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Clone();
    }

    /// <summary>The server's options (a copy of those given).</summary>
    public PoetryServerOptions Options { get; }

    /// <summary>Counters and per-connection events.</summary>
    public PoetryServerStats Stats { get; } = new();

    /// <summary>The bound endpoint, once started; null before.</summary>
    public IPEndPoint? EndPoint { get; private set; }

    /// <inheritdoc />
    public PoetryServerMode Mode => PoetryServerMode.Blocking;

    /// <inheritdoc />
    public string? Host => EndPoint?.Address.ToString();

    /// <summary>The real listening port once started (also when asked for port 0); 0 before.</summary>
    public int Port => EndPoint?.Port ?? 0;

    /// <summary>The address clients connect to; throws before <see cref="Start"/>.</summary>
    public HostPort Address => EndPoint is { } ep
        ? HostPort.FromEndPoint(ep)
        : throw new InvalidOperationException("The server has not been started.");

    /// <summary>True between <see cref="Start"/> and <see cref="Stop"/>.</summary>
    public bool IsRunning => _started && !_stopping.IsSet;

    /// <summary>Binds, listens, and starts serving on a background thread.</summary>
    /// <exception cref="InvalidOperationException">Already started (or stopped).</exception>
    /// <exception cref="PoetryException">
    /// The address is in use (<see cref="PoetryErrorKind.AddressInUse"/>) or cannot be bound.
    /// </exception>
    public void Start()
    {
        lock (_gate)
        {
            if (_started)
            {
                throw new InvalidOperationException("The server has already been started.");
            }
            var listener = new Socket(Options.Interface.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            var requested = new IPEndPoint(Options.Interface, Options.Port);
            try
            {
                listener.Bind(requested);
                listener.Listen(Backlog);
            }
            catch (SocketException e)
            {
                listener.Dispose();
                throw PoetryException.FromSocketError(e.SocketErrorCode, requested.ToString(), e);
            }
            _listener = listener;
            EndPoint = (IPEndPoint)listener.LocalEndPoint!;
            _started = true;
            _thread = new Thread(Serve) { IsBackground = true, Name = $"Poetry server {EndPoint}" };
            _thread.Start();
        }
    }

    /// <summary>
    /// Closes the listener and the current client at once (it is counted as aborted) and waits
    /// up to <see cref="StopTimeout"/> for the serving thread. Safe to call more than once.
    /// </summary>
    public void Stop()
    {
        Socket? client;
        lock (_gate)
        {
            if (!_started || _stopping.IsSet)
            {
                return;
            }
            _stopping.Set();
            client = _client;
        }
        _listener!.Dispose();
        if (client is not null)
        {
            // FIN first: disposing a socket another thread still owns may close it with a reset.
            try { client.Shutdown(SocketShutdown.Send); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
            client.Dispose();
        }
        if (Thread.CurrentThread != _thread)
        {
            _thread!.Join(StopTimeout);
        }
    }

    /// <summary>Same as <see cref="Stop"/>.</summary>
    public void Dispose() => Stop();

    private void Serve()
    {
        while (!_stopping.IsSet)
        {
            Socket client;
            try
            {
                client = _listener!.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (_stopping.IsSet)
                {
                    return;
                }
                continue; // e.g. a client that reset while still in the backlog
            }
            lock (_gate)
            {
                if (_stopping.IsSet)
                {
                    client.Dispose();
                    return;
                }
                _client = client;
            }
            try
            {
                SendPoem(client);
            }
            finally
            {
                lock (_gate)
                {
                    _client = null;
                }
                client.Dispose();
            }
        }
    }

    private void SendPoem(Socket client)
    {
        // Cut from another thread (a reset, so the client knows the poem is not whole), the next send
        // fails and the poem ends there, counted as aborted.
        PoetryServerStats.Connection connection = Stats.Open(client.RemoteEndPoint, () =>
        {
            try
            {
                client.LingerState = new LingerOption(true, 0);
                client.Close();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { /* already gone */ }
        });
        byte[] poem = Options.PoemBytes;
        try
        {
            for (int offset = 0; offset < poem.Length; offset += Options.ChunkSize)
            {
                // A wait on the stop signal, not Thread.Sleep, so Stop cuts the pause short.
                if (offset > 0 && Options.Delay > TimeSpan.Zero && _stopping.Wait(Options.Delay))
                {
                    break;
                }
                int length = Math.Min(Options.ChunkSize, poem.Length - offset);
                SendAll(client, poem.AsSpan(offset, length));
                connection.Sent(length);
            }
            if (_stopping.IsSet)
            {
                connection.Abort(new OperationCanceledException("The server was stopped."));
                return;
            }
            client.Shutdown(SocketShutdown.Send);
            connection.Finish();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            connection.Abort(_stopping.IsSet ? new OperationCanceledException("The server was stopped.", e) : e);
        }
    }

    // Python's sendall: a blocking send may take less than asked.
    private static void SendAll(Socket socket, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            data = data[socket.Send(data)..];
        }
    }
}
