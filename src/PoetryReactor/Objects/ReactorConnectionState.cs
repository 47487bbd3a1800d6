using System.Management.Automation;
using System.Net;
using PoetryReactor.Callbacks;
using PoetryReactor.Core;
using PoetryReactor.Core.Net;

namespace PoetryReactor.Objects;

/// <summary>Where a <see cref="ReactorConnection"/> stands.</summary>
public enum ReactorConnectionState
{
    /// <summary>Resolving or connecting.</summary>
    Connecting,
    /// <summary>Connected: the protocol runs.</summary>
    Connected,
    /// <summary>Was connected and has closed (<see cref="ReactorConnection.Reason"/> says how).</summary>
    Closed,
    /// <summary>Never connected (<see cref="ReactorConnection.Reason"/> says why).</summary>
    Failed,
}
