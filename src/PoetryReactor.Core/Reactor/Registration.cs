using System.Net.Sockets;

namespace PoetryReactor.Core;

/// <summary>One watched OS handle: the reader and writer registered for it.</summary>
internal sealed class Registration
{
    public Registration(nint fd) => Fd = fd;

    /// <summary>The handle captured at registration (a descriptor's Fileno may change once it closes).</summary>
    public nint Fd { get; }
    public IReadDescriptor? Reader { get; set; }
    public IWriteDescriptor? Writer { get; set; }

    /// <summary>Set once the registration has left the backend; late events for it are ignored.</summary>
    public bool Removed { get; set; }

    /// <summary>The socket the Select backend waits on (the descriptor's own, or a wrapper it disposes).</summary>
    public Socket? SelectSocket { get; set; }
    public bool OwnsSelectSocket { get; set; }

    public Interest Interest =>
        (Reader is null ? Interest.None : Interest.Read) | (Writer is null ? Interest.None : Interest.Write);

    public IFileDescriptor? Any => (IFileDescriptor?)Reader ?? Writer;
}
