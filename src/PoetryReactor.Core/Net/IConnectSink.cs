using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Net;

/// <summary>Hears how a <see cref="TcpConnectAttempt"/> ended. Called on the reactor thread, once.</summary>
internal interface IConnectSink
{
    /// <summary>Connected: <paramref name="socket"/> (non-blocking) is now the sink's to close.</summary>
    void Connected(TcpSocket socket, IPEndPoint peer);

    /// <summary>Not connected, for <paramref name="reason"/>; nothing is left open.</summary>
    void ConnectFailed(Exception reason);
}
