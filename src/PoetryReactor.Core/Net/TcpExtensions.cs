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
    /// <param name="reusePort">
    /// Bind with SO_REUSEPORT, so several reactors (one per core) can each listen on the same port and
    /// the kernel spreads the connections over them. Only where <see cref="ReusePortBalances"/>.
    /// Anything else of this user that sets it may share the port: see <see cref="FindBindablePort"/>.
    /// </param>
    /// <exception cref="CannotListenError">The address is in use or cannot be bound.</exception>
    /// <exception cref="ArgumentException"><paramref name="interface"/> is not an IP address.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="reusePort"/> where it does not balance.</exception>
    public static IListeningPort ListenTcp(this Reactor reactor, int port, ServerFactory factory,
        string @interface = "127.0.0.1", int? backlog = null, bool reusePort = false)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        ArgumentNullException.ThrowIfNull(factory);
        var (address, queue) = CheckListen(port, @interface, backlog);
        return TcpPort.Listen(reactor, address, port, factory, queue, Asked(@interface), reusePort);
    }

    /// <summary>
    /// Listens on <paramref name="reactor"/> and hands each accepted connection to the next of
    /// <paramref name="workers"/> in turn; that worker's factory builds its protocol and the connection
    /// lives on that worker's reactor from then on. For spreading a port over reactors where
    /// SO_REUSEPORT does not balance. Reactor thread of <paramref name="reactor"/> (or before Run).
    /// </summary>
    /// <param name="reactor">The reactor that accepts.</param>
    /// <param name="port">0..65535.</param>
    /// <param name="workers">The reactors (this one may be among them) with their factories; same backend as <paramref name="reactor"/>.</param>
    /// <param name="interface">An IP literal; "" means every IPv4 interface. Loopback by default.</param>
    /// <param name="backlog">The listen queue length; null means <see cref="DefaultBacklog"/>.</param>
    /// <exception cref="CannotListenError">The address is in use or cannot be bound.</exception>
    /// <exception cref="ArgumentException">No workers, a worker on another backend, or an interface that is not an IP address.</exception>
    public static IListeningPort ListenTcpRoundRobin(this Reactor reactor, int port,
        IReadOnlyList<(Reactor Reactor, ServerFactory Factory)> workers, string @interface = "127.0.0.1", int? backlog = null)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        ArgumentNullException.ThrowIfNull(workers);
        if (workers.Count == 0) throw new ArgumentException("There is no worker to hand connections to.", nameof(workers));
        foreach (var (worker, factory) in workers)
        {
            ArgumentNullException.ThrowIfNull(worker, nameof(workers));
            ArgumentNullException.ThrowIfNull(factory, nameof(workers));
            // A socket is handled differently by each backend (raw descriptor or .NET socket).
            if (worker.Backend != reactor.Backend)
                throw new ArgumentException($"A worker runs the {worker.Backend} backend and the acceptor {reactor.Backend}: they must match.", nameof(workers));
        }
        var (address, queue) = CheckListen(port, @interface, backlog);
        var copy = workers.ToArray();
        return TcpPort.Listen(reactor, address, port, new HandOffFactory(copy), queue, Asked(@interface), handOff: copy);
    }

    /// <summary>True where SO_REUSEPORT spreads a port's connections over its listening sockets (Linux).</summary>
    public static bool ReusePortBalances => OperatingSystem.IsLinux();

    /// <summary>
    /// The port a SO_REUSEPORT group should take: <paramref name="port"/> if nothing holds it, or for 0 a
    /// free one. Checked with a plain bind (no SO_REUSEPORT), so a port another socket already listens
    /// on, with SO_REUSEPORT or without, is reported in use rather than silently shared.
    /// </summary>
    /// <exception cref="CannotListenError">The port is in use or the address cannot be bound.</exception>
    public static int FindBindablePort(string @interface, int port)
    {
        var (address, _) = CheckListen(port, @interface, null);
        using var probe = new System.Net.Sockets.Socket(address.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        try
        {
            // SO_REUSEADDR as the listeners set it: connections in TIME_WAIT do not hold the port.
            if (OperatingSystem.IsLinux()) probe.SetRawSocketOption(1, 2, BitConverter.GetBytes(1));
            probe.Bind(new IPEndPoint(address, port));
            return ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new CannotListenError(Asked(@interface), port, e);
        }
    }

    private static (IPAddress Address, int Backlog) CheckListen(int port, string @interface, int? backlog)
    {
        ArgumentNullException.ThrowIfNull(@interface);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        int queue = backlog ?? DefaultBacklog;
        ArgumentOutOfRangeException.ThrowIfLessThan(queue, 1, nameof(backlog));
        IPAddress address;
        if (@interface.Length == 0) address = IPAddress.Any;
        else if (!IPAddress.TryParse(@interface, out address!))
            throw new ArgumentException($"'{@interface}' is not an IP address.", nameof(@interface));
        return (address, queue);
    }

    private static string Asked(string @interface) => @interface.Length == 0 ? "0.0.0.0" : @interface;

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
