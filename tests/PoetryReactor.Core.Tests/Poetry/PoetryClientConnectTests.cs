using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;
using static PoetryReactor.Core.Tests.Poetry.PoetryTestSupport;

namespace PoetryReactor.Core.Tests.Poetry;

/// <summary>
/// Connects that never complete: a listener whose accept queue is full makes Linux drop new
/// SYNs, so the connect hangs until the client gives up.
/// </summary>
public sealed class PoetryClientConnectTests : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> _fillers = [];

    public PoetryClientConnectTests()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(0);
        Address = HostPort.FromEndPoint((IPEndPoint)_listener.LocalEndPoint!);
        for (int i = 0; i < 3; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
            _fillers.Add(filler);
            try
            {
                filler.Connect(_listener.LocalEndPoint!);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
            {
            }
        }
    }

    private HostPort Address { get; }

    public void Dispose()
    {
        _fillers.ForEach(f => f.Dispose());
        _listener.Dispose();
    }

    [Theory]
    [MemberData(nameof(Modes), MemberType = typeof(PoetryTestSupport))]
    public async Task A_connect_that_hangs_times_out(PoetryClientMode mode)
    {
        Poem result = await FetchOneAsync(mode, Address, new PoetryClientOptions { Timeout = TimeSpan.FromMilliseconds(300) });

        Assert.Equal(PoetryErrorKind.Timeout, ErrorKind(result));
        Assert.Contains("no connection within 0.3 s", result.Error!.Message);
    }

    [Theory]
    [MemberData(nameof(Modes), MemberType = typeof(PoetryTestSupport))]
    public async Task Cancelling_a_hanging_connect_ends_the_fetch_promptly(PoetryClientMode mode)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        Task<IReadOnlyList<Poem>> fetch = Client(mode).FetchAsync([Address], new PoetryClientOptions { Timeout = TimeSpan.FromMinutes(5) }, cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch.WaitAsync(Patience));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"cancellation took {clock.Elapsed}");
    }
}
