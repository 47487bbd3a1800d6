using System.Collections;
using PoetryReactor.Core;

using PoetryReactor.Objects;

namespace PoetryReactor.Callbacks;

/// <summary>
/// What a scriptblock callback sees as <c>$_</c>: which event it is, the reactor, and for a delayed call
/// the call and its run number; connection callbacks also get the transport, the data and the per-connection
/// <see cref="State"/>. Use it on the reactor thread, inside the callback.
/// </summary>
public sealed record ReactorEvent
{
    internal ReactorEvent(ReactorEventName name, Reactor? reactor, Hashtable state)
    {
        Name = name;
        Reactor = reactor;
        State = state;
        Time = DateTimeOffset.Now;
    }

    /// <summary>The event: Running, Shutdown, Later, ConnectionMade, DataReceived or ConnectionLost.</summary>
    public ReactorEventName Name { get; }

    /// <summary>The module's reactor (callbacks run on its thread, so its methods may be called directly); null only for a worker that ended with no reactor running.</summary>
    public Reactor? Reactor { get; }

    /// <summary>When the event was raised (wall clock).</summary>
    public DateTimeOffset Time { get; }

    /// <summary>
    /// Values kept between runs: per delayed or looping call, per connection for protocol callbacks
    /// (the protocol instance's attributes); a fresh table for one-off callbacks.
    /// </summary>
    public Hashtable State { get; }

    /// <summary>The delayed or looping call being run (Later events).</summary>
    public ReactorCall? Call { get; internal init; }

    /// <summary>The run number, from 1, of a delayed or looping call.</summary>
    public long Count { get; internal init; }


    /// <summary>The connection's transport (connection events): Write, LoseConnection, Peer.</summary>
    public ScriptTransport? Transport { get; internal init; }

    /// <summary>The bytes received (DataReceived).</summary>
    public byte[]? Data { get; internal init; }

    /// <summary>The bytes received, decoded as UTF-8; a character split across reads arrives whole in the later one.</summary>
    public string? Text { get; internal init; }

    /// <summary>The worker whose work ended (WorkerCompleted).</summary>
    public ReactorWorker? Worker { get; internal init; }

    /// <summary>What the worker's scriptblock wrote to its output (WorkerCompleted).</summary>
    public object?[]? Result { get; internal init; }

    /// <summary>The terminating error that ended the worker's scriptblock, or null (WorkerCompleted).</summary>
    public Exception? Error { get; internal init; }

    /// <summary>The line received, without its delimiter (LineReceived).</summary>
    public string? Line { get; internal init; }

    /// <summary>Why the connection ended (ConnectionLost): ConnectionDoneException for a clean close.</summary>
    public Exception? Reason { get; internal init; }

    /// <summary>Names the event.</summary>
    public override string ToString() => $"ReactorEvent({Name})";
}
