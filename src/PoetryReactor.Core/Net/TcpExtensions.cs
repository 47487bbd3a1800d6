using System.Net;

namespace PoetryReactor.Core.Net;

/// <summary>TCP on the reactor: Twisted's <c>listenTCP</c> and <c>connectTCP</c>, as extension methods.</summary>
public static class TcpExtensions
{
    /// <summary>
    /// The default listen backlog: the system maximum (net.core.somaxconn), at least 4096. Twisted's 50
    /// drops SYNs when many clients connect at once and the dropped ones retry only after a second;
    /// 1024 overflowed with 10,000 clients connecting at once, 4096 held them (docs/performance.md).
    /// </summary>
    public static readonly int DefaultBacklog = SystemBacklog();

    /// <summary>The smallest default backlog; also what is used where somaxconn cannot be read.</summary>
    public const int MinimumDefaultBacklog = 4096;

    /// <summary>The default connect timeout: 30 seconds, as Twisted's.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Listens on <paramref name="interface"/>:<paramref name="port"/> (port 0: any free port, see
    /// <see cref="IListeningPort.Port"/>) and starts a protocol built by <paramref name="factory"/> for
    /// each connection. Calls <see cref="Factory.DoStart"/>. Reactor thread (or before Run).
    /// </summary>
    /// <param name="reactor">The reactor that runs the port and its connections.</param>
    /// <param name="port">0..65535.</param>
    /// <param name="factory">Builds a protocol per connection.</param>
    /// <param name="interface">An IP literal; "" means every IPv4 interface. Loopback by default.</param>
    /// <param name="backlog">The listen queue length; null means <see cref="DefaultBacklog"/>.</param>
    /// <exception cref="CannotListenError">The address is in use or cannot be bound.</exception>
    /// <exception cref="ArgumentException"><paramref name="interface"/> is not an IP address.</exception>
    public static IListeningPort ListenTcp(this Reactor reactor, int port, ServerFactory factory,
        string @interface = "127.0.0.1", int? backlog = null)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(@interface);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        int queue = backlog ?? DefaultBacklog;
        ArgumentOutOfRangeException.ThrowIfLessThan(queue, 1, nameof(backlog));
        IPAddress address;
        if (@interface.Length == 0) address = IPAddress.Any;
        else if (!IPAddress.TryParse(@interface, out address!))
            throw new ArgumentException($"'{@interface}' is not an IP address.", nameof(@interface));
        return TcpPort.Listen(reactor, address, port, factory, queue, @interface.Length == 0 ? "0.0.0.0" : @interface);
    }

    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/> without blocking the reactor: names
    /// resolve on the thread pool, each address is tried in turn. On success the factory's protocol
    /// runs on the connection; otherwise <see cref="ClientFactory.ClientConnectionFailed"/> hears a
    /// <see cref="ConnectError"/>. Reactor thread (or before Run).
    /// </summary>
    /// <param name="reactor">The reactor that runs the connection.</param>
    /// <param name="host">A host name or IP literal.</param>
    /// <param name="port">1..65535.</param>
    /// <param name="factory">Builds the protocol and hears the outcome.</param>
    /// <param name="timeout">Bounds resolution plus connect; null means <see cref="DefaultConnectTimeout"/>,
    /// <see cref="Timeout.InfiniteTimeSpan"/> none.</param>
    /// <returns>The connector, already connecting.</returns>
    public static IConnector ConnectTcp(this Reactor reactor, string host, int port, ClientFactory factory, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        var limit = timeout ?? DefaultConnectTimeout;
        if (limit != Timeout.InfiniteTimeSpan && limit <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeout), limit, "The timeout must be positive or infinite.");
        var connector = new TcpConnector(reactor, host, port, factory, limit);
        connector.Connect();
        return connector;
    }

    private static int SystemBacklog()
    {
        try
        {
            if (OperatingSystem.IsLinux()
                && int.TryParse(File.ReadAllText("/proc/sys/net/core/somaxconn").Trim(), out int max))
            {
                return Math.Max(max, MinimumDefaultBacklog);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return MinimumDefaultBacklog;
    }
}
