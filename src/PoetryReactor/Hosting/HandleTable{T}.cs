using System.Collections.Concurrent;

namespace PoetryReactor.Hosting;

/// <summary>What a reactor holds that users can find again (listeners, calls, connections), by id. Thread-safe.</summary>
internal sealed class HandleTable<T> where T : class
{
    private readonly ConcurrentDictionary<int, T> _items = new();
    private readonly Func<T, int> _idOf;

    public HandleTable(Func<T, int> idOf) => _idOf = idOf;

    public int Count => _items.Count;

    public void Add(T item) => _items[_idOf(item)] = item;

    public void Remove(T item) => _items.TryRemove(new KeyValuePair<int, T>(_idOf(item), item));

    /// <summary>The items, by id.</summary>
    public IReadOnlyList<T> List() => _items.Values.OrderBy(_idOf).ToArray();
}
