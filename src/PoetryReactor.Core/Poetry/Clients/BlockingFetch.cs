using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Poetry.Clients;

/// <summary>
/// Fetches one poem with a blocking socket on the calling thread: the tutorial's
/// blocking-client loop, shared by the blocking and threaded clients.
/// </summary>
internal static class BlockingFetch
{
    /// <summary>Fetches task <paramref name="index"/> and reports its poem; throws only on cancel.</summary>
    public static void FetchAndReport(PoetryFetch fetch, int index) => fetch.ReportPoem(Fetch(fetch, index));

    private static Poem Fetch(PoetryFetch fetch, int index)
    {
        PoemBuilder builder = fetch.NewBuilder(index);
        string target = builder.Address.ToString();
        TimeSpan timeout = fetch.Options.Timeout;
        Socket? socket = null;
        try
        {
            IPAddress[] ips = PoetryResolver.ResolveAsync(builder.Address, timeout, fetch.Token).GetAwaiter().GetResult();
            socket = Connect(ips, builder.Address.Port, target, timeout, fetch.Token);
            // SO_RCVTIMEO bounds each wait for a chunk: the timeout is about progress, not the whole poem.
            socket.ReceiveTimeout = timeout == Timeout.InfiniteTimeSpan ? 0 : (int)Math.Ceiling(timeout.TotalMilliseconds);
            using CancellationTokenRegistration closeOnCancel = fetch.Token.Register(Close, socket);
            byte[] buffer = new byte[fetch.Options.ReceiveBufferSize];
            while (true)
            {
                int n = socket.Receive(buffer);
                if (n == 0)
                {
                    return builder.Complete();
                }
                bool fits = builder.TryAppend(buffer.AsSpan(0, n), out ChunkEvent chunk);
                fetch.ReportChunk(chunk);
                if (!fits)
                {
                    return builder.Fail(builder.TooLargeError());
                }
            }
        }
        catch (Exception) when (fetch.Token.IsCancellationRequested)
        {
            throw new OperationCanceledException(fetch.Token);
        }
        catch (PoetryException e)
        {
            return builder.Fail(e);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return builder.Fail(PoetryException.TimedOut(target, timeout, "data"));
        }
        catch (SocketException e)
        {
            return builder.Fail(PoetryException.FromSocketError(e.SocketErrorCode, target, e));
        }
        finally
        {
            socket?.Dispose();
        }
    }

    // Tries each address in turn. A blocking connect has no timeout of its own, so a timer
    // (or cancellation) closes the socket, which unblocks it.
    private static Socket Connect(IPAddress[] ips, int port, string target, TimeSpan timeout, CancellationToken token)
    {
        SocketException? last = null;
        foreach (IPAddress ip in ips)
        {
            Socket? socket = new(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
            if (timeout != Timeout.InfiniteTimeSpan)
            {
                deadline.CancelAfter(timeout);
            }
            try
            {
                bool connected = false;
                using (deadline.Token.Register(Close, socket))
                {
                    try
                    {
                        socket.Connect(new IPEndPoint(ip, port));
                        connected = true;
                    }
                    catch (SocketException e)
                    {
                        last = e;
                    }
                    catch (ObjectDisposedException)
                    {
                        // Closed by the deadline or cancellation, checked below.
                    }
                }
                // The registration is gone, so a close racing the connect has finished: the flags are final.
                token.ThrowIfCancellationRequested();
                if (deadline.IsCancellationRequested)
                {
                    throw PoetryException.TimedOut(target, timeout, "connection");
                }
                if (connected)
                {
                    (Socket result, socket) = (socket, null);
                    return result;
                }
            }
            finally
            {
                socket?.Dispose();
            }
        }
        throw last is null
            ? new PoetryException(PoetryErrorKind.HostNotFound, $"{target}: no address to connect to.", target)
            : PoetryException.FromSocketError(last.SocketErrorCode, target, last);
    }

    private static void Close(object? socket) => ((Socket)socket!).Dispose();
}
