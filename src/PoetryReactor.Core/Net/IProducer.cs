using System.Net;
using PoetryReactor.Core.Defer;

namespace PoetryReactor.Core.Net;

/// <summary>Something that writes to a transport on its own schedule (Twisted's <c>IProducer</c>).</summary>
public interface IProducer
{
    /// <summary>The consumer is gone (the connection closed): stop for good.</summary>
    void StopProducing();
}
