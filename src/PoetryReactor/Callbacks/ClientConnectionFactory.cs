using System.Management.Automation;
using System.Net;
using PoetryReactor.Core;
using PoetryReactor.Core.Net;
using PoetryReactor.Errors;
using PoetryReactor.Objects;

namespace PoetryReactor.Callbacks;

/// <summary>
/// Connect-ReactorClient's factory for one connection: builds its scriptblock protocol, and tells the
/// caller how it ended (ReactorConnectFailed, or a verbose or warning line on close).
/// </summary>
internal sealed class ClientConnectionFactory : ClientFactory
{
    private readonly ReactorConnection _connection;
    private readonly ProtocolCallbacks _callbacks;
    private readonly OutputQueue _sink;
    private readonly Action _done;

    public ClientConnectionFactory(ReactorConnection connection, ProtocolCallbacks callbacks, OutputQueue sink, Action done)
    {
        _connection = connection;
        _callbacks = callbacks;
        _sink = sink;
        _done = done;
    }

    public override Protocol? BuildProtocol(EndPoint address) =>
        new ScriptProtocol(_connection.Host, _callbacks, _sink, _connection, made: _connection.Connected) { Factory = this };

    public override void ClientConnectionFailed(IConnector connector, Exception reason)
    {
        _connection.Ended(ReactorConnectionState.Failed, reason);
        var category = reason switch
        {
            TimeoutError => ErrorCategory.OperationTimeout,
            DnsLookupError => ErrorCategory.ObjectNotFound,
            UserError => ErrorCategory.OperationStopped,
            _ => ErrorCategory.ConnectionError,
        };
        _sink.Post(OutputItem.Error(ErrorRecords.Create(ErrorCatalog.ReactorConnectFailed, category, reason, _connection.Address,
            $"Cannot connect to {_connection.Address}: {reason.Message}")));
        _done();
    }

    public override void ClientConnectionLost(IConnector connector, Exception reason)
    {
        _connection.Ended(ReactorConnectionState.Closed, reason);
        _sink.Post(reason is ConnectionDoneException
            ? OutputItem.Verbose($"Connection to {SafeText.Escape(_connection.Address)} closed cleanly.")
            : OutputItem.Warning($"Connection to {SafeText.Escape(_connection.Address)} was lost: {SafeText.Escape(reason.Message)}"));
        _done();
    }
}
