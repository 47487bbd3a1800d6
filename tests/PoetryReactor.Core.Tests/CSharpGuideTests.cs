using System.Text;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Core.Poetry.Servers;

namespace PoetryReactor.Core.Tests;

/// <summary>The example of docs/csharp.md, run as written: the doc's code block is this method's body.</summary>
public class CSharpGuideTests
{
    [Fact]
    public void The_guide_s_example_fetches_a_poem_from_a_server_on_the_same_reactor()
    {
        #region guide
        var reactor = new Reactor();
        var server = new ReactorPoetryServer(reactor, new PoetryServerOptions
        {
            PoemBytes = Encoding.UTF8.GetBytes("An old silent pond\na frog jumps into the pond\nsplash! silence again\n"),
            ChunkSize = 10,
            Delay = TimeSpan.FromSeconds(0.01),
        });
        server.Start(); // before Run: it listens at once, on a free port of the IPv4 loopback

        string? text = null;
        reactor.CallWhenRunning(() =>
            ProtocolPoetryClient.GetPoetry(reactor, server.Address)
                .AddCallback(poem => { text = poem.Text; return poem; })
                .AddBoth((poem, error) => { reactor.Stop(); return poem!; }));
        reactor.Run(); // returns once the callback has stopped the reactor
        Console.WriteLine(text);
        #endregion

        Assert.Equal("An old silent pond\na frog jumps into the pond\nsplash! silence again\n", text);
    }

    [Fact]
    public void The_guide_shows_the_example_as_it_is_tested()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "PoetryReactor.slnx"))) root = Path.GetDirectoryName(root)!;
        var test = File.ReadAllText(Path.Combine(root, "tests/PoetryReactor.Core.Tests/CSharpGuideTests.cs"));
        var guide = File.ReadAllText(Path.Combine(root, "docs/csharp.md"));

        var region = test.Split("#region guide\n")[1].Split("        #endregion")[0];
        var code = string.Join("\n", region.Split('\n').Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()));
        Assert.Contains(code.TrimEnd(), guide);
    }
}
