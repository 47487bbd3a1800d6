using System.Net;
using PoetryReactor.Core.Defer;

namespace PoetryReactor.Core.Net;

/// <summary>A producer that writes until told to pause (Twisted's <c>IPushProducer</c>).</summary>
public interface IPushProducer : IProducer
{
    /// <summary>The consumer's buffer is full: stop writing until <see cref="ResumeProducing"/>.</summary>
    void PauseProducing();

    /// <summary>The consumer can take more again.</summary>
    void ResumeProducing();
}
