using System.Collections;
using System.Text;
using PoetryReactor.Core;
using PoetryReactor.Core.Net;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;

namespace PoetryReactor.Callbacks;

/// <summary>
/// A <see cref="Protocol"/> made of scriptblocks, one instance per connection. Each event runs its callback
/// with a <see cref="ReactorEvent"/> whose <see cref="ReactorEvent.State"/> lives as long as the connection,
/// and, under -SourceIdentifier, is raised in the asking session's event queue too. A ConnectionMade,
/// DataReceived or LineReceived callback that ends with a terminating error closes the connection (as
/// Twisted drops a connection whose dataReceived raises).
/// </summary>
internal sealed class ScriptProtocol : Protocol
{
    private readonly ReactorHost _host;
    private readonly ProtocolCallbacks _callbacks;
    private readonly OutputQueue _sink;
    private readonly object? _owner;
    private readonly Action<ScriptProtocol, Exception>? _closed;
    private readonly Action<ScriptProtocol, System.Net.EndPoint?, System.Net.EndPoint?>? _made;
    private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
    private readonly LineSplitter? _lines;

    /// <param name="owner">The listener or connection object the cmdlet returned: the Sender of raised events.</param>
    /// <param name="made">Hears the connection's ends once it is up, before the ConnectionMade callback runs.</param>
    public ScriptProtocol(ReactorHost host, ProtocolCallbacks callbacks, OutputQueue sink, object? owner,
        Action<ScriptProtocol, Exception>? closed = null, Action<ScriptProtocol, System.Net.EndPoint?, System.Net.EndPoint?>? made = null)
    {
        _made = made;
        _host = host;
        _callbacks = callbacks;
        _sink = sink;
        _owner = owner;
        _closed = closed;
        if (callbacks.WantsLines) _lines = new LineSplitter(callbacks.Delimiter, callbacks.MaxLineLength);
    }

    /// <summary>The protocol instance's attributes, shared by its callbacks.</summary>
    public Hashtable State { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ScriptTransport? ScriptTransport { get; private set; }

    /// <summary>The listener worker's tally this connection counts into, if any.</summary>
    public ConnectionTally? Tally { get; init; }

    public long BytesReceived { get; private set; }

    /// <summary>The connection object users see, once up; it hears when the connection ends.</summary>
    public Objects.ReactorConnection? Connection { get; set; }

    public override void ConnectionMade()
    {
        ScriptTransport = new ScriptTransport(_host, Transport!, _callbacks.Delimiter, Tally);
        _made?.Invoke(this, Transport!.GetPeer(), Transport.GetHost());
        if (!Handle(_callbacks.ConnectionMade, Event(ReactorEventName.ConnectionMade))) Transport!.LoseConnection();
    }

    public override void DataReceived(ReadOnlySpan<byte> data)
    {
        BytesReceived += data.Length;
        Tally?.Received(data.Length);
        if (_callbacks.DataReceived is not null || _callbacks.Forwarder is not null)
        {
            // The span is the reactor's shared buffer: the event gets its own copy.
            var bytes = data.ToArray();
            var chars = new char[_decoder.GetCharCount(bytes, 0, bytes.Length, flush: false)];
            _decoder.GetChars(bytes, 0, bytes.Length, chars, 0, flush: false);
            var e = Event(ReactorEventName.DataReceived) with { Data = bytes, Text = new string(chars) };
            if (!Handle(_callbacks.DataReceived, e))
            {
                Transport!.LoseConnection();
                return;
            }
        }
        if (_lines is null || _lines.Exceeded) return;
        var failed = false;
        _lines.Feed(data, line =>
        {
            if (!failed && Connected) failed = !Handle(_callbacks.LineReceived, Event(ReactorEventName.LineReceived) with { Line = line });
        });
        if (failed) Transport!.LoseConnection();
        else if (_lines.Exceeded) LineTooLong();
    }

    public override void ConnectionLost(Exception reason)
    {
        try
        {
            Handle(_callbacks.ConnectionLost, Event(ReactorEventName.ConnectionLost) with { Reason = reason });
        }
        finally
        {
            _closed?.Invoke(this, reason);
            Connection?.Ended(Objects.ReactorConnectionState.Closed, reason);
        }
    }

    // Runs the callback, if any, then raises the event, if asked; false when the callback failed.
    private bool Handle(ScriptCallback? callback, ReactorEvent e)
    {
        var ok = callback is null || callback.Invoke(_host, e, _sink);
        _callbacks.Forwarder?.Raise(_owner, e);
        return ok;
    }

    // Twisted's LineReceiver drops a connection whose line outgrows MAX_LENGTH: so here, with an error saying so.
    private void LineTooLong()
    {
        var peer = ScriptTransport?.Peer.ToString() ?? "the peer";
        _sink.Post(OutputItem.Error(ErrorRecords.Create(ErrorCatalog.ReactorLineTooLong,
            new InvalidDataException($"A line from {peer} grew past {_callbacks.MaxLineLength} bytes without a delimiter; the connection was closed."), peer)));
        Transport!.LoseConnection();
    }

    private ReactorEvent Event(ReactorEventName name) => new(name, _host.Reactor, State) { Transport = ScriptTransport };
}
