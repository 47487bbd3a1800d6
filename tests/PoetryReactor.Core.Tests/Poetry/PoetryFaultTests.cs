using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Core.Poetry.Servers;
using static PoetryReactor.Core.Tests.Poetry.PoetryTestSupport;

namespace PoetryReactor.Core.Tests.Poetry;

/// <summary>
/// Every misbehaving server at once in one fetch, per client model: each fault gets its own
/// error kind and partial poem, and the good tasks beside them still arrive byte-exact.
/// </summary>
public sealed class PoetryFaultTests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(2); // also bounds name resolution; room for a loaded machine
    private const int Limit = 64 * 1024;

    [Theory]
    [MemberData(nameof(Modes), MemberType = typeof(PoetryTestSupport))]
    public async Task Each_fault_has_its_kind_and_partial_poem_while_good_tasks_stay_byte_exact(PoetryClientMode mode)
    {
        byte[] good = Utf8(string.Concat(Enumerable.Repeat("A good poem, café and 月.\n", 30)));
        using BlockingPoetryServer goodV4 = StartServer(good, chunkSize: 97);
        using var goodV6 = new BlockingPoetryServer(new PoetryServerOptions { PoemBytes = good, ChunkSize = 61, Delay = TimeSpan.Zero, Interface = IPAddress.IPv6Loopback });
        goodV6.Start();
        using var resetReady = new ManualResetEventSlim();
        using var closesMidPoem = new ScriptedServer((c, _) =>
        {
            c.Send(Utf8("a poem cut"));
            c.Shutdown(SocketShutdown.Send);
        });
        using var resets = new ScriptedServer((c, stop) =>
        {
            c.Send(Utf8("half a po"));
            resetReady.Wait(stop); // the client has read the half: now reset
            c.LingerState = new LingerOption(true, 0);
            c.Close();
        });
        using var silent = new ScriptedServer((_, stop) => stop.WaitHandle.WaitOne());
        using var endless = new ScriptedServer((c, stop) =>
        {
            var block = new byte[4096];
            Array.Fill(block, (byte)'x');
            for (int i = 0; i < 10_000 && !stop.IsCancellationRequested; i++) c.Send(block); // ends when the client closes
        });
        using var tooSlow = new ScriptedServer((c, stop) =>
        {
            c.Send(Utf8("one line, then nothing for too long"));
            stop.WaitHandle.WaitOne();
        });
        using Socket refusing = BindRefusingPort(out HostPort refused);
        var unresolvable = new HostPort("no-such-host.invalid", 10000);

        HostPort[] addresses =
        [
            goodV4.Address, closesMidPoem.Address, resets.Address, silent.Address, endless.Address,
            tooSlow.Address, unresolvable, refused, goodV6.Address,
        ];
        var options = new PoetryClientOptions
        {
            Timeout = ShortTimeout,
            MaxBytes = Limit,
            ChunkReceived = c => { if (c.Address == resets.Address.ToString()) resetReady.Set(); },
        };

        IReadOnlyList<Poem> poems = await Client(mode).FetchAsync(addresses, options).WaitAsync(Patience);

        Assert.Equal(addresses.Length, poems.Count);
        Poem At(HostPort a) => Assert.Single(poems, p => p.Address == a.ToString());
        PoetryErrorKind? KindOf(HostPort a) => (At(a).Error as PoetryException)?.Kind;

        foreach (var ok in new[] { goodV4.Address, goodV6.Address })
        {
            Assert.True(At(ok).Complete, At(ok).Error?.ToString());
            Assert.Equal(good, At(ok).GetBytes());
        }
        Assert.Equal("[::1]", goodV6.Address.ToString()[..5]);
        Assert.True(At(closesMidPoem.Address).Complete); // no length on the wire: a clean close is an end
        Assert.Equal("a poem cut", At(closesMidPoem.Address).Text);

        Assert.Equal(PoetryErrorKind.ConnectionLost, KindOf(resets.Address));
        Assert.Equal("half a po", At(resets.Address).Text);
        Assert.Equal(PoetryErrorKind.Timeout, KindOf(silent.Address));
        Assert.Equal(0, At(silent.Address).Bytes);
        Assert.Equal(PoetryErrorKind.TooLarge, KindOf(endless.Address));
        Assert.Equal(Limit, At(endless.Address).Bytes);
        Assert.Equal(PoetryErrorKind.Timeout, KindOf(tooSlow.Address));
        Assert.Equal("one line, then nothing for too long", At(tooSlow.Address).Text);
        Assert.Equal(PoetryErrorKind.HostNotFound, KindOf(unresolvable));
        Assert.Equal(PoetryErrorKind.ConnectionRefused, KindOf(refused));
        foreach (var bad in new[] { resets.Address, silent.Address, endless.Address, tooSlow.Address, unresolvable, refused })
        {
            Assert.False(At(bad).Complete, $"{bad} was passed off as whole");
            Assert.Equal(bad.ToString(), ((PoetryException)At(bad).Error!).Target);
        }
    }
}
