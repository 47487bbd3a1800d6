using System.Net;

namespace PoetryReactor.Core.Net;

/// <summary>
/// Builds protocols for connections (Twisted's <c>Factory</c>). <see cref="StartFactory"/> runs when
/// the first port or connector starts using it and <see cref="StopFactory"/> when the last one stops
/// (counted by <see cref="DoStart"/>/<see cref="DoStop"/>, Twisted's <c>numPorts</c>).
/// </summary>
public class Factory
{
    private readonly Func<Protocol>? _protocol;

    /// <summary>Creates a factory whose <see cref="BuildProtocol"/> calls <paramref name="protocol"/>.</summary>
    public Factory(Func<Protocol>? protocol = null) => _protocol = protocol;

    /// <summary>How many ports or connectors use this factory now.</summary>
    public int NumPorts { get; private set; }

    /// <summary>
    /// Makes the protocol for a connection with <paramref name="address"/> (the peer), sets its
    /// <see cref="Protocol.Factory"/>, and returns it; null refuses the connection (it is closed).
    /// The default calls the delegate given to the constructor.
    /// </summary>
    /// <exception cref="InvalidOperationException">No delegate was given and the method is not overridden.</exception>
    public virtual Protocol? BuildProtocol(EndPoint address)
    {
        if (_protocol is null)
            throw new InvalidOperationException($"{GetType().Name} has no protocol to build: pass one to the constructor or override BuildProtocol.");
        var protocol = _protocol();
        protocol.Factory = this;
        return protocol;
    }

    /// <summary>Called before the first port or connector uses the factory.</summary>
    public virtual void StartFactory() { }

    /// <summary>Called after the last port or connector stopped using the factory.</summary>
    public virtual void StopFactory() { }

    /// <summary>Counts one more user; the first calls <see cref="StartFactory"/>.</summary>
    public void DoStart()
    {
        if (NumPorts == 0) StartFactory();
        NumPorts++;
    }

    /// <summary>Counts one user less; the last calls <see cref="StopFactory"/>. Extra calls do nothing.</summary>
    public void DoStop()
    {
        if (NumPorts == 0) return;
        NumPorts--;
        if (NumPorts == 0) StopFactory();
    }
}
