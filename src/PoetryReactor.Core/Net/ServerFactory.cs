using System.Net;

namespace PoetryReactor.Core.Net;

/// <summary>A factory for listening ports (Twisted's <c>ServerFactory</c>).</summary>
public class ServerFactory : Factory
{
    /// <summary>Creates a factory that builds protocols with <paramref name="protocol"/>.</summary>
    public ServerFactory(Func<Protocol>? protocol = null) : base(protocol) { }
}
