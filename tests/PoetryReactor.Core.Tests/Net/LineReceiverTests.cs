using System.Text;
using PoetryReactor.Core.Net;
using static PoetryReactor.Core.Tests.Net.NetTestKit;

namespace PoetryReactor.Core.Tests.Net;

/// <summary>Twisted's LineReceiver over a real loopback connection.</summary>
public sealed class LineReceiverTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    private sealed class ShoutingLines : LineReceiver
    {
        public override void LineReceived(string line)
        {
            if (line == "bye") Transport!.LoseConnection();
            else SendLine(line.ToUpperInvariant());
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void Each_line_is_answered_with_SendLine_and_a_partial_one_waits(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, new ServerFactory(() => new ShoutingLines())));
        using var client = ConnectClient(port.Port);

        client.Send("hello\r\nwor"u8);
        client.Send("ld\nbye\n"u8);

        Assert.Equal("HELLO\nWORLD\n", Encoding.UTF8.GetString(ReadToEnd(client)));
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_line_past_MaxLength_closes_the_connection(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var port = r.OnReactor(() => r.Reactor.ListenTcp(0, new ServerFactory(() => new ShoutingLines { MaxLength = 10 })));
        using var client = ConnectClient(port.Port);

        client.Send("short\n"u8);
        client.Send(Encoding.ASCII.GetBytes(new string('x', 100)));

        Assert.Equal("SHORT\n", Encoding.UTF8.GetString(ReadToEnd(client)));
    }
}
