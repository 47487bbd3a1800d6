using System.Collections;
using System.Text;
using PoetryReactor.Core;
using PoetryReactor.Core.Net;
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

    public ScriptProtocol(ReactorHost host, ProtocolCallbacks callbacks, OutputQueue sink, Action<ScriptProtocol, Exception>? closed = null)
    {
        _host = host;
        _callbacks = callbacks;
        _sink = sink;
        _closed = closed;
    }

    /// <summary>The protocol instance's attributes, shared by its callbacks.</summary>
    public Hashtable State { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ScriptTransport? ScriptTransport { get; private set; }

    public long BytesReceived { get; private set; }

    public override void ConnectionMade()
    {
        ScriptTransport = new ScriptTransport(_host, Transport!);
        if (_callbacks.ConnectionMade is { } made && !made.Invoke(_host, Event(ReactorEventName.ConnectionMade), _sink))
            Transport!.LoseConnection();
    }

    public override void DataReceived(ReadOnlySpan<byte> data)
    {
        BytesReceived += data.Length;
        if (_callbacks.DataReceived is not { } received) return;
        // The span is the reactor's shared buffer: the callback gets its own copy.
        var bytes = data.ToArray();
        var chars = new char[_decoder.GetCharCount(bytes, 0, bytes.Length, flush: false)];
        _decoder.GetChars(bytes, 0, bytes.Length, chars, 0, flush: false);
        var e = new ReactorEvent(ReactorEventName.DataReceived, _host.Reactor, State) { Transport = ScriptTransport, Data = bytes, Text = new string(chars) };
        if (!received.Invoke(_host, e, _sink)) Transport!.LoseConnection();
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
