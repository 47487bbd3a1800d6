using System.Net;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Core.Poetry.Servers;
using PoetryReactor.Poetry;

namespace PoetryReactor.Objects;

/// <summary>Whether a server accepts clients.</summary>
public enum PoetryServerState
{
    /// <summary>Listening: clients get the poem.</summary>
    Listening,
    /// <summary>Stopped: the port is closed and its connections are gone.</summary>
    Stopped,
}
