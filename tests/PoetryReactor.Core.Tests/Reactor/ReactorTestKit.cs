using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Tests;

/// <summary>Shared helpers for the reactor tests: backends, logs, socket pairs, a reactor on a thread.</summary>
internal static class ReactorTestKit
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static TheoryData<ReactorBackendKind> Backends()
    {
        var data = new TheoryData<ReactorBackendKind> { ReactorBackendKind.Select };
        if (OperatingSystem.IsLinux()) data.Add(ReactorBackendKind.Epoll);
        return data;
    }

    public static Reactor Create(ReactorBackendKind backend, RecordingLog log, IReactorClock? clock = null,
        TimeSpan? shutdownTimeout = null)
    {
        var options = new ReactorOptions { Backend = backend, Log = log, Clock = clock };
        if (shutdownTimeout is { } t) options.ShutdownTimeout = t;
        return new Reactor(options);
    }

    /// <summary>Iterates (each wait bounded) until <paramref name="condition"/> holds; fails after <see cref="Patience"/>.</summary>
    public static void IterateUntil(Reactor reactor, Func<bool> condition, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(sw.Elapsed < Patience, $"Timed out waiting for {what}.");
            reactor.Iterate(0.5);
        }
    }

    /// <summary>A connected TCP pair on loopback: (a, b), both non-blocking.</summary>
    public static (Socket A, Socket B) SocketPair()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var a = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        a.Connect(listener.LocalEndPoint!);
        var b = listener.Accept();
        a.Blocking = false;
        b.Blocking = false;
        return (a, b);
    }

    public static void Wait(WaitHandle handle, string what) =>
        Assert.True(handle.WaitOne(Patience), $"Timed out waiting for {what}.");

    public static void Wait(ManualResetEventSlim signal, string what) =>
        Assert.True(signal.Wait(Patience), $"Timed out waiting for {what}.");
}

/// <summary>Keeps what the reactor reported.</summary>
internal sealed class RecordingLog : IReactorLog
{
    public ConcurrentQueue<(string Origin, Exception Error)> Errors { get; } = new();
    public ConcurrentQueue<(string Origin, string Message)> Warnings { get; } = new();

    public void Error(string origin, Exception ex) => Errors.Enqueue((origin, ex));
    public void Warning(string origin, string message) => Warnings.Enqueue((origin, message));
}

/// <summary>A reactor running on its own thread; Dispose stops it (if needed) and joins.</summary>
internal sealed class RunningReactor : IDisposable
{
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _exited = new();
    private readonly ManualResetEventSlim _started = new();

    private RunningReactor(Reactor reactor)
    {
        Reactor = reactor;
        reactor.CallWhenRunning(() => _started.Set());
        _thread = new Thread(() =>
        {
            try { reactor.Run(); }
            catch (Exception ex) { Failure = ex; }
            finally { _exited.Set(); }
        }) { IsBackground = true, Name = "test reactor" };
    }

    public Reactor Reactor { get; }
    public Exception? Failure { get; private set; }
    public int ManagedThreadId => _thread.ManagedThreadId;

    /// <summary>Starts the reactor and waits until it is running.</summary>
    public static RunningReactor Start(Reactor reactor)
    {
        var running = new RunningReactor(reactor);
        running._thread.Start();
        ReactorTestKit.Wait(running._started, "the reactor to start");
        return running;
    }

    /// <summary>Runs <paramref name="func"/> on the reactor thread and returns its result.</summary>
    public T OnReactor<T>(Func<T> func)
    {
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Reactor.CallFromThread(() =>
        {
            try { tcs.SetResult(func()); }
            catch (Exception ex) { tcs.SetException(ex); }
        });
        Assert.True(tcs.Task.Wait(ReactorTestKit.Patience), "Timed out waiting for the reactor thread.");
        return tcs.Task.Result;
    }

    public void OnReactor(Action action) => OnReactor(() => { action(); return true; });

    /// <summary>Waits for Run to return; fails if it does not, or if it threw.</summary>
    public void WaitForExit()
    {
        ReactorTestKit.Wait(_exited, "Run to return");
        Assert.Null(Failure);
    }

    public void Dispose()
    {
        if (!_exited.IsSet)
        {
            try { Reactor.Stop(); } catch (ReactorNotRunningException) { }
            _exited.Wait(ReactorTestKit.Patience);
        }
        Reactor.Dispose();
    }
}

/// <summary>A descriptor over one socket; reads drain the socket, EOF ends the connection.</summary>
internal sealed class SocketDescriptor : IReadDescriptor, IWriteDescriptor
{
    private readonly Socket _socket;
    private readonly bool _exposeSocket;
    private readonly byte[] _buffer = new byte[4096];

    public SocketDescriptor(Socket socket, string name, bool exposeSocket = true)
    {
        _socket = socket;
        LogPrefix = name;
        _exposeSocket = exposeSocket;
    }

    public Func<Exception?>? OnRead { get; set; }
    public Func<Exception?>? OnWrite { get; set; }
    public int Reads { get; private set; }
    public int Writes { get; private set; }
    public long BytesRead { get; private set; }
    public List<Exception> Lost { get; } = new();

    public nint Fileno => _socket.Handle;
    public Socket? Socket => _exposeSocket ? _socket : null;
    public string LogPrefix { get; }

    public Exception? DoRead()
    {
        Reads++;
        if (OnRead is not null) return OnRead();
        try
        {
            int n = _socket.Receive(_buffer);
            if (n == 0) return new ConnectionDoneException();
            BytesRead += n;
            return null;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.WouldBlock)
        {
            return null;
        }
        catch (SocketException ex)
        {
            return new ConnectionLostException(ex.Message, ex);
        }
    }

    public Exception? DoWrite()
    {
        Writes++;
        return OnWrite?.Invoke();
    }

    public void ConnectionLost(Exception reason) => Lost.Add(reason);
}
