using System.Collections;
using System.Text;
using PoetryReactor.Core;
using PoetryReactor.Core.Net;
using PoetryReactor.Errors;
using PoetryReactor.Hosting;

namespace PoetryReactor.Callbacks;

/// <summary>
/// A <see cref="Protocol"/> made of scriptblocks, one instance per connection. Each event runs its callback
/// with a <see cref="ReactorEvent"/> whose <see cref="ReactorEvent.State"/> lives as long as the connection.
/// A ConnectionMade or DataReceived callback that ends with a terminating error closes the connection
/// (as Twisted drops a connection whose dataReceived raises).
/// </summary>
internal sealed class ScriptProtocol : Protocol
{
    private readonly ReactorHost _host;
    private readonly ProtocolCallbacks _callbacks;
    private readonly OutputQueue _sink;
    private readonly Action<ScriptProtocol, Exception>? _closed;
    private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
    private readonly LineSplitter? _lines;

    public ScriptProtocol(ReactorHost host, ProtocolCallbacks callbacks, OutputQueue sink, Action<ScriptProtocol, Exception>? closed = null)
    {
        _host = host;
        _callbacks = callbacks;
        _sink = sink;
        _closed = closed;
        if (callbacks.LineReceived is not null) _lines = new LineSplitter(callbacks.Delimiter, callbacks.MaxLineLength);
    }

    /// <summary>The protocol instance's attributes, shared by its callbacks.</summary>
    public Hashtable State { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ScriptTransport? ScriptTransport { get; private set; }

    public long BytesReceived { get; private set; }

    public override void ConnectionMade()
    {
        ScriptTransport = new ScriptTransport(_host, Transport!, _callbacks.Delimiter);
        if (_callbacks.ConnectionMade is { } made && !made.Invoke(_host, Event(ReactorEventName.ConnectionMade), _sink))
            Transport!.LoseConnection();
    }

    public override void DataReceived(ReadOnlySpan<byte> data)
    {
        BytesReceived += data.Length;
        if (_callbacks.DataReceived is { } received)
        {
            // The span is the reactor's shared buffer: the callback gets its own copy.
            var bytes = data.ToArray();
            var chars = new char[_decoder.GetCharCount(bytes, 0, bytes.Length, flush: false)];
            _decoder.GetChars(bytes, 0, bytes.Length, chars, 0, flush: false);
            var e = new ReactorEvent(ReactorEventName.DataReceived, _host.Reactor, State) { Transport = ScriptTransport, Data = bytes, Text = new string(chars) };
            if (!received.Invoke(_host, e, _sink))
            {
                Transport!.LoseConnection();
                return;
            }
        }
        if (_lines is null || _lines.Exceeded) return;
        var failed = false;
        _lines.Feed(data, line =>
        {
            if (failed || !Connected) return;
            var e = new ReactorEvent(ReactorEventName.LineReceived, _host.Reactor, State) { Transport = ScriptTransport, Line = line };
            failed = !_callbacks.LineReceived!.Invoke(_host, e, _sink);
        });
        if (failed) Transport!.LoseConnection();
        else if (_lines.Exceeded) LineTooLong();
    }

    // Twisted's LineReceiver drops a connection whose line outgrows MAX_LENGTH: so here, with an error saying so.
    private void LineTooLong()
    {
        var peer = ScriptTransport?.Peer.ToString() ?? "the peer";
        _sink.Post(OutputItem.Error(ErrorRecords.Create(ErrorCatalog.ReactorLineTooLong,
            new InvalidDataException($"A line from {peer} grew past {_callbacks.MaxLineLength} bytes without a delimiter; the connection was closed."), peer)));
        Transport!.LoseConnection();
    }

    public override void ConnectionLost(Exception reason)
    {
        try
        {
            if (_callbacks.ConnectionLost is { } lost)
                lost.Invoke(_host, new ReactorEvent(ReactorEventName.ConnectionLost, _host.Reactor, State) { Transport = ScriptTransport, Reason = reason }, _sink);
        }
        finally
        {
            _closed?.Invoke(this, reason);
        }
    }

    private ReactorEvent Event(ReactorEventName name) => new(name, _host.Reactor, State) { Transport = ScriptTransport };
}
