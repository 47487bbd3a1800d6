using System.Net;
using System.Net.Sockets;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Poetry.Clients;

/// <summary>Turns a poetry address's host into IP addresses, with the task's timeout.</summary>
internal static class PoetryResolver
{
    /// <summary>
    /// Returns the host's IPv4/IPv6 addresses (an IP literal as is), or throws a
    /// <see cref="PoetryException"/> (<see cref="PoetryErrorKind.HostNotFound"/> or
    /// <see cref="PoetryErrorKind.Timeout"/>); <see cref="OperationCanceledException"/> on cancel.
    /// </summary>
    public static async Task<IPAddress[]> ResolveAsync(HostPort address, TimeSpan timeout, CancellationToken token)
    {
        if (IPAddress.TryParse(address.Host, out IPAddress? literal))
        {
            return [literal];
        }
        string target = address.ToString();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            deadline.CancelAfter(timeout);
        }
        IPAddress[] found;
        try
        {
            found = await Dns.GetHostAddressesAsync(address.Host, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            throw PoetryException.TimedOut(target, timeout, "name resolution");
        }
        catch (SocketException e)
        {
            throw new PoetryException(PoetryErrorKind.HostNotFound,
                $"{target}: host '{address.Host}' not found ({e.SocketErrorCode}).", target, e);
        }
        found = Array.FindAll(found, a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6);
        return found.Length > 0
            ? found
            : throw new PoetryException(PoetryErrorKind.HostNotFound,
                $"{target}: host '{address.Host}' has no IP address.", target);
    }
}
