using System.Net.Sockets;

namespace PoetryReactor.Core;

/// <summary>
/// A descriptor whose <see cref="IFileDescriptor.ConnectionLost"/> always closes its handle at once, so
/// the reactor can drop it without an epoll_ctl (the kernel forgets a closed handle itself).
/// </summary>
internal interface IClosesHandleWhenLost : IFileDescriptor
{
}
