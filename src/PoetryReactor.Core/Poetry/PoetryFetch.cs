namespace PoetryReactor.Core.Poetry;

/// <summary>
/// One fetch in progress, shared by every client mode: task numbering, the options' callbacks
/// (never overlapping), results in completion order, cancellation, and the worker threads.
/// </summary>
internal sealed class PoetryFetch
{
    private readonly object _gate = new();
    private readonly List<Poem> _results;
    private readonly CancellationTokenSource _abort;
    private readonly CancellationToken _userToken;
    private Exception? _failure;

    private PoetryFetch(IReadOnlyList<PoetryAddress> addresses, PoetryClientOptions options, PoetryClientMode mode, CancellationToken token)
    {
        Addresses = addresses;
        Options = options;
        Mode = mode;
        _userToken = token;
        _results = new List<Poem>(addresses.Count);
        _abort = CancellationTokenSource.CreateLinkedTokenSource(token);
    }

    public IReadOnlyList<PoetryAddress> Addresses { get; }

    public PoetryClientOptions Options { get; }

    public PoetryClientMode Mode { get; }

    /// <summary>Cancelled when the caller cancels or a callback throws: close everything and stop.</summary>
    public CancellationToken Token => _abort.Token;

    /// <summary>
    /// Validates the arguments, then runs <paramref name="body"/> once per worker on
    /// <paramref name="workers"/> dedicated background threads; the task ends when all have.
    /// </summary>
    public static Task<IReadOnlyList<Poem>> Start(
        IReadOnlyList<PoetryAddress> addresses, PoetryClientOptions? options, PoetryClientMode mode,
        CancellationToken token, Func<int, int> workers, string threadName, Action<PoetryFetch, int> body)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        PoetryAddress[] copy = addresses.ToArray();
        if (Array.IndexOf(copy, null) >= 0)
        {
            throw new ArgumentException("The address list contains null.", nameof(addresses));
        }
        if (token.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<Poem>>(token);
        }
        if (copy.Length == 0)
        {
            return Task.FromResult<IReadOnlyList<Poem>>(Array.Empty<Poem>());
        }
        var fetch = new PoetryFetch(copy, (options ?? new PoetryClientOptions()).Clone(), mode, token);
        return fetch.RunWorkers(workers(copy.Length), threadName, body);
    }

    public PoemBuilder NewBuilder(int index) =>
        new(index + 1, Addresses[index], Mode, Options.MaxBytes, Options.Clock);

    public void ReportChunk(ChunkEvent chunk)
    {
        if (Options.ChunkReceived is { } callback)
        {
            Invoke(() => callback(chunk));
        }
    }

    public void ReportPoem(Poem poem)
    {
        Action<Poem>? callback = Options.PoemCompleted;
        Invoke(() =>
        {
            _results.Add(poem);
            callback?.Invoke(poem);
        });
    }

    // Runs a user callback under the gate; a throw cancels the fetch and becomes its result.
    private void Invoke(Action action)
    {
        bool failed = false;
        lock (_gate)
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                _failure ??= ex;
                failed = true;
            }
        }
        if (failed)
        {
            _abort.Cancel();
        }
    }

    private Task<IReadOnlyList<Poem>> RunWorkers(int count, string threadName, Action<PoetryFetch, int> body)
    {
        var done = new TaskCompletionSource<IReadOnlyList<Poem>>(TaskCreationOptions.RunContinuationsAsynchronously);
        int running = count;
        for (int i = 0; i < count; i++)
        {
            int worker = i;
            var thread = new Thread(() =>
            {
                try
                {
                    body(this, worker);
                }
                catch (OperationCanceledException) when (Token.IsCancellationRequested)
                {
                    // Cancellation is reported once, below, when every worker has stopped.
                }
                catch (Exception ex)
                {
                    lock (_gate)
                    {
                        _failure ??= ex;
                    }
                    _abort.Cancel();
                }
                if (Interlocked.Decrement(ref running) == 0)
                {
                    Finish(done);
                }
            })
            {
                IsBackground = true,
                Name = count == 1 ? threadName : $"{threadName} {worker + 1}",
            };
            thread.Start();
        }
        return done.Task;
    }

    private void Finish(TaskCompletionSource<IReadOnlyList<Poem>> done)
    {
        _abort.Dispose();
        lock (_gate)
        {
            if (_failure is not null)
            {
                done.SetException(_failure);
            }
            else if (_results.Count == Addresses.Count)
            {
                done.SetResult(_results.ToArray());
            }
            else if (_userToken.IsCancellationRequested)
            {
                done.SetCanceled(_userToken);
            }
            else
            {
                done.SetException(new InvalidOperationException(
                    $"The fetch ended with {_results.Count} of {Addresses.Count} poems."));
            }
        }
    }
}
