namespace PoetryReactor.Core.Defer;

/// <summary>
/// Waits for a list of Deferreds: Twisted's DeferredList. By default it fires, once every input
/// has fired, with one <c>(Success, Result, Error)</c> entry per input, in input order.
/// </summary>
/// <remarks>
/// <para><c>fireOnOneCallback</c>: fires as soon as one input succeeds, with the entries so far
/// (the winner is the only entry with <c>Success</c>; inputs that have not fired yet read
/// <c>(false, default, null)</c>). With an empty input it never fires.</para>
/// <para><c>fireOnOneErrback</c>: fails as soon as one input fails, with a
/// <see cref="FirstError"/> naming its index.</para>
/// <para><c>consumeErrors</c>: an input's failure, once recorded here, is replaced by a
/// <c>default</c> result on that input, so it is not reported as unhandled there. Without it
/// the input keeps its failure and must handle it itself.</para>
/// <para>Cancelling an unfired DeferredList cancels every input Deferred.</para>
/// </remarks>
public class DeferredList<T> : Deferred<IReadOnlyList<(bool Success, T? Result, Exception? Error)>>
{
    private readonly Deferred<T>[] _inputs;
    private readonly (bool Success, T? Result, Exception? Error)[] _results;
    private readonly bool _fireOnOneCallback;
    private readonly bool _fireOnOneErrback;
    private readonly bool _consumeErrors;
    private int _finished;

    /// <summary>Starts watching <paramref name="deferreds"/> (fired ones are taken at once).</summary>
    public DeferredList(IEnumerable<Deferred<T>> deferreds, bool fireOnOneCallback = false,
        bool fireOnOneErrback = false, bool consumeErrors = false)
        : base(self => ((DeferredList<T>)self).CancelInputs())
    {
        ArgumentNullException.ThrowIfNull(deferreds);
        _inputs = deferreds.ToArray();
        _results = new (bool, T?, Exception?)[_inputs.Length];
        _fireOnOneCallback = fireOnOneCallback;
        _fireOnOneErrback = fireOnOneErrback;
        _consumeErrors = consumeErrors;
        if (_inputs.Length == 0 && !fireOnOneCallback)
        {
            Callback(Array.Empty<(bool, T?, Exception?)>());
            return;
        }
        for (int i = 0; i < _inputs.Length; i++)
        {
            int index = i;
            _inputs[i].AddLink(v => Record(index, v, null), e => Record(index, default, e));
        }
    }

    private Deferred<T>.Step Record(int index, T? value, Exception? error)
    {
        _results[index] = (error is null, value, error);
        _finished++;
        if (!Called)
        {
            if (error is null && _fireOnOneCallback) Callback(((bool, T?, Exception?)[])_results.Clone());
            else if (error is not null && _fireOnOneErrback) Errback(new FirstError(error, index));
            else if (_finished == _results.Length) Callback(Array.AsReadOnly(_results));
        }
        if (error is null) return Deferred<T>.Step.Of(value!);
        return _consumeErrors ? Deferred<T>.Step.Of(default!) : Deferred<T>.Step.Failed(error);
    }

    private void CancelInputs()
    {
        foreach (var input in _inputs)
        {
            // One faulty canceller must not spare the others.
            try { input.Cancel(); }
            catch (Exception e)
            {
                UnhandledErrors.Raise(new UnhandledDeferredErrorEventArgs(e,
                    $"the canceller of an input of {Deferred.FriendlyName(GetType())}", collected: false));
            }
        }
    }
}
