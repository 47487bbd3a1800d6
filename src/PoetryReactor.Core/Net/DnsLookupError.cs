using System.Net;
using System.Net.Sockets;

namespace PoetryReactor.Core.Net;

/// <summary>The host name did not resolve to any IP address.</summary>
public class DnsLookupError : ConnectError
{
    /// <summary>Creates the error for <paramref name="host"/>.</summary>
    public DnsLookupError(string host, string message, Exception? inner = null)
        : base(message, (inner as SocketException)?.SocketErrorCode, inner) => Host = host;

    /// <summary>The name that did not resolve.</summary>
    public string Host { get; }
}
