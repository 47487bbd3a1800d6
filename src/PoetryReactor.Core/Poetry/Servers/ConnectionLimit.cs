namespace PoetryReactor.Core.Poetry.Servers;

/// <summary>
/// The most connections a server serves at once, counted over all its reactors: a connection takes a
/// place before it is built and gives it back when it ends. Safe from any thread.
/// </summary>
internal sealed class ConnectionLimit(int max)
{
    private int _taken;

    /// <summary>Takes a place; false when all <c>max</c> are taken.</summary>
    public bool TryTake()
    {
        while (true)
        {
            int taken = Volatile.Read(ref _taken);
            if (taken >= max) return false;
            if (Interlocked.CompareExchange(ref _taken, taken + 1, taken) == taken) return true;
        }
    }

    /// <summary>Gives a place back.</summary>
    public void Release() => Interlocked.Decrement(ref _taken);
}
