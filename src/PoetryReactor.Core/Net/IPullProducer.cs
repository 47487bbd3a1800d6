using System.Net;
using PoetryReactor.Core.Defer;

namespace PoetryReactor.Core.Net;

/// <summary>A producer that writes only when asked (Twisted's <c>IPullProducer</c>).</summary>
public interface IPullProducer : IProducer
{
    /// <summary>Write some more now.</summary>
    void ResumeProducing();
}
