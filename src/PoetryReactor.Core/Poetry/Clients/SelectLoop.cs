using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Poetry.Clients;

/// <summary>The select loop of one fetch. Everything here runs on the loop's thread.</summary>
internal sealed class SelectLoop
{
    // Reads per readable socket per pass, so one fast server cannot starve the others.
    private const int MaxReadsPerWake = 16;

    private readonly PoetryFetch _fetch;
    private readonly TimeSpan _timeout;
    private readonly byte[] _buffer;
    private readonly Dictionary<Socket, TaskState> _active = new();

    public SelectLoop(PoetryFetch fetch)
    {
        _fetch = fetch;
        _timeout = fetch.Options.Timeout;
        _buffer = new byte[fetch.Options.ReceiveBufferSize];
    }

    public void Run()
    {
        CancellationToken token = _fetch.Token;
        // Resolve every host at once; failures complete their tasks before the loop starts.
        Task<IPAddress[]>[] lookups = _fetch.Addresses
            .Select(a => PoetryResolver.ResolveAsync(a, _timeout, token)).ToArray();
        using Socket waker = CreateWaker();
        try
        {
            for (int i = 0; i < lookups.Length; i++)
            {
                var task = new TaskState(_fetch.NewBuilder(i));
                try
                {
                    task.Candidates = lookups[i].GetAwaiter().GetResult();
                }
                catch (PoetryException e)
                {
                    _fetch.ReportPoem(task.Builder.Fail(e));
                    continue;
                }
                StartConnect(task);
            }
            // Cancellation wakes Select by sending the waker a datagram (Twisted's waker, in one socket).
            using CancellationTokenRegistration wake = token.Register(Wake, waker);
            while (_active.Count > 0)
            {
                token.ThrowIfCancellationRequested();
                Pass(waker);
            }
            token.ThrowIfCancellationRequested();
        }
        finally
        {
            foreach (Socket socket in _active.Keys)
            {
                socket.Dispose();
            }
            _active.Clear();
        }
    }

    private void Pass(Socket waker)
    {
        var readable = new List<Socket> { waker };
        var writable = new List<Socket>();
        var failed = new List<Socket>();
        long nearest = long.MaxValue;
        foreach ((Socket socket, TaskState task) in _active)
        {
            (task.Connecting ? writable : readable).Add(socket);
            if (task.Connecting)
            {
                failed.Add(socket);
            }
            nearest = Math.Min(nearest, task.Deadline);
        }
        Socket.Select(readable, writable, failed, MicrosecondsUntil(nearest));

        foreach (Socket socket in writable.Concat(failed).Distinct().ToArray())
        {
            if (_active.TryGetValue(socket, out TaskState? task) && task.Connecting)
            {
                FinishConnect(task);
            }
        }
        foreach (Socket socket in readable)
        {
            if (_active.TryGetValue(socket, out TaskState? task) && !task.Connecting)
            {
                ReadSome(task);
            }
        }
        long now = Stopwatch.GetTimestamp();
        foreach (TaskState task in _active.Values.Where(t => now >= t.Deadline).ToArray())
        {
            End(task, task.Builder.Fail(
                PoetryException.TimedOut(task.Target, _timeout, task.Connecting ? "connection" : "data")));
        }
    }

    // Starts a non-blocking connect to the task's next candidate address.
    private void StartConnect(TaskState task)
    {
        while (task.Next < task.Candidates.Length)
        {
            IPAddress ip = task.Candidates[task.Next++];
            var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
            task.Socket = socket;
            task.Connecting = true;
            task.Deadline = DeadlineFromNow();
            _active.Add(socket, task);
            try
            {
                socket.Connect(new IPEndPoint(ip, task.Builder.Address.Port));
                task.Connecting = false;
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock
                                                or SocketError.InProgress or SocketError.AlreadyInProgress)
            {
                return;
            }
            catch (SocketException e)
            {
                task.LastError = e.SocketErrorCode;
                Drop(task);
            }
        }
        End(task, task.Builder.Fail(PoetryException.FromSocketError(task.LastError, task.Target)));
    }

    // SO_ERROR tells how the non-blocking connect ended (.NET reports it as a SocketError value).
    private void FinishConnect(TaskState task)
    {
        var error = (SocketError)(int)task.Socket!.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        if (error == SocketError.Success)
        {
            task.Connecting = false;
            task.Deadline = DeadlineFromNow();
            return;
        }
        task.LastError = error;
        Drop(task);
        StartConnect(task);
    }

    private void ReadSome(TaskState task)
    {
        Socket socket = task.Socket!;
        for (int reads = 0; reads < MaxReadsPerWake; reads++)
        {
            int n = socket.Receive(_buffer, 0, _buffer.Length, SocketFlags.None, out SocketError error);
            if (error == SocketError.WouldBlock)
            {
                return;
            }
            if (error != SocketError.Success)
            {
                End(task, task.Builder.Fail(PoetryException.FromSocketError(error, task.Target)));
                return;
            }
            if (n == 0)
            {
                End(task, task.Builder.Complete());
                return;
            }
            task.Deadline = DeadlineFromNow();
            bool fits = task.Builder.TryAppend(_buffer.AsSpan(0, n), out ChunkEvent chunk);
            _fetch.ReportChunk(chunk);
            if (!fits)
            {
                End(task, task.Builder.Fail(task.Builder.TooLargeError()));
                return;
            }
        }
    }

    private void End(TaskState task, Poem poem)
    {
        Drop(task);
        _fetch.ReportPoem(poem);
    }

    private void Drop(TaskState task)
    {
        if (task.Socket is { } socket)
        {
            _active.Remove(socket);
            socket.Dispose();
            task.Socket = null;
        }
    }

    private long DeadlineFromNow() =>
        _timeout == Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : Stopwatch.GetTimestamp() + (long)(_timeout.TotalSeconds * Stopwatch.Frequency);

    // Select's timeout: until the nearest deadline, -1 (forever) when there is none.
    private static int MicrosecondsUntil(long deadline)
    {
        if (deadline == long.MaxValue)
        {
            return -1;
        }
        long ticks = Math.Max(0, deadline - Stopwatch.GetTimestamp());
        double micros = Math.Ceiling(ticks * 1_000_000.0 / Stopwatch.Frequency);
        return (int)Math.Min(micros, int.MaxValue);
    }

    // A UDP socket bound to loopback that can wake Select by sending itself a datagram.
    private static Socket CreateWaker()
    {
        try
        {
            return BoundUdp(IPAddress.Loopback);
        }
        catch (SocketException)
        {
            return BoundUdp(IPAddress.IPv6Loopback);
        }
    }

    private static Socket BoundUdp(IPAddress loopback)
    {
        var socket = new Socket(loopback.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(loopback, 0));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void Wake(object? state)
    {
        var waker = (Socket)state!;
        try
        {
            waker.SendTo([1], waker.LocalEndPoint!);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The loop is ending anyway.
        }
    }

    private sealed class TaskState(PoemBuilder builder)
    {
        public PoemBuilder Builder { get; } = builder;
        public string Target { get; } = builder.Address.ToString();
        public IPAddress[] Candidates { get; set; } = [];
        public int Next { get; set; }
        public Socket? Socket { get; set; }
        public bool Connecting { get; set; }
        public long Deadline { get; set; } = long.MaxValue;
        public SocketError LastError { get; set; } = SocketError.HostNotFound;
    }
}
