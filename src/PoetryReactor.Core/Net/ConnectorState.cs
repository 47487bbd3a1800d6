using System.Net;
using PoetryReactor.Core.Defer;

namespace PoetryReactor.Core.Net;

/// <summary>Where an outgoing connection stands.</summary>
public enum ConnectorState
{
    /// <summary>Not connected and not trying (before <see cref="IConnector.Connect"/>, or after a failure or loss).</summary>
    Disconnected,
    /// <summary>Resolving the host or waiting for the connect to complete.</summary>
    Connecting,
    /// <summary>Connected: a protocol is running.</summary>
    Connected,
}
