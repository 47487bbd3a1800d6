using PoetryReactor.Core.Net;

namespace PoetryReactor.Core.Poetry.Clients;

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

    private PoetryFetch(IReadOnlyList<HostPort> addresses, PoetryClientOptions options, PoetryClientMode mode, CancellationToken token)
    {
        Addresses = addresses;
        Options = options;
        Mode = mode;
        _userToken = token;
        _results = new List<Poem>(addresses.Count);
        _abort = CancellationTokenSource.CreateLinkedTokenSource(token);
    }

    public IReadOnlyList<HostPort> Addresses { get; }

    public PoetryClientOptions Options { get; }

    public PoetryClientMode Mode { get; }

    /// <summary>Cancelled when the caller cancels or a callback throws: close everything and stop.</summary>
    public CancellationToken Token => _abort.Token;

    /// <summary>
    /// Validates the arguments, then lets <paramref name="run"/> fetch every address; its task
    /// ends when the model has closed everything it opened. The result is the poems in
    /// completion order, a cancellation, or the first exception of a callback or of the model.
    /// </summary>
    public static Task<IReadOnlyList<Poem>> Start(
        IReadOnlyList<HostPort> addresses, PoetryClientOptions? options, PoetryClientMode mode,
        CancellationToken token, Func<PoetryFetch, Task> run)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        HostPort[] copy = addresses.ToArray();
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
        return fetch.RunAsync(run);
    }

    /// <summary>
    /// Runs <paramref name="body"/>(fetch, worker) on <paramref name="count"/> dedicated
    /// background threads; the task ends when every one has returned.
    /// </summary>
    public Task RunOnThreads(int count, string threadName, Action<PoetryFetch, int> body)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
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
                    // Reported once, when every worker has stopped.
                }
                catch (Exception ex)
                {
                    Fail(ex);
                }
                if (Interlocked.Decrement(ref running) == 0)
                {
                    done.SetResult();
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

    public PoemBuilder NewBuilder(int index) =>
        new(index + 1, Addresses[index], Mode, Options.MaxBytes, Options.Clock);

    /// <summary><see cref="ReportChunk"/> when chunks are watched, else null (nothing to build per read).</summary>
    public Action<ChunkEvent>? ChunkReporter => Options.ChunkReceived is null ? null : ReportChunk;

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
        try
        {
            lock (_gate)
            {
                action();
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    // Keeps the first failure and cancels everything else.
    private void Fail(Exception ex)
    {
        lock (_gate)
        {
            _failure ??= ex;
        }
        _abort.Cancel();
    }

    private async Task<IReadOnlyList<Poem>> RunAsync(Func<PoetryFetch, Task> run)
    {
        try
        {
            await run(this).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (Token.IsCancellationRequested)
        {
            // Decided below.
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
        _abort.Dispose();
        lock (_gate)
        {
            if (_failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
            }
            if (_results.Count == Addresses.Count)
            {
                return _results.ToArray();
            }
            _userToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException($"The fetch ended with {_results.Count} of {Addresses.Count} poems.");
        }
    }
}
