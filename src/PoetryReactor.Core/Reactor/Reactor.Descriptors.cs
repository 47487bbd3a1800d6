namespace PoetryReactor.Core;

public sealed partial class Reactor
{
    private readonly Dictionary<IReadDescriptor, Registration> _readers = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<IWriteDescriptor, Registration> _writers = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<nint, Registration> _byFd = new();

    /// <summary>Watches <paramref name="reader"/> for readability: <see cref="IReadDescriptor.DoRead"/> is called
    /// on the reactor thread while it is readable. Adding it twice is a no-op.</summary>
    /// <exception cref="ArgumentException">Its <see cref="IFileDescriptor.Fileno"/> is negative.</exception>
    public void AddReader(IReadDescriptor reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        CheckThread();
        if (_readers.ContainsKey(reader)) return;
        var (reg, isNew) = RegistrationFor(reader);
        if (reg.Reader is { } previous) _readers.Remove(previous); // same fd, new object: the old one is stale
        reg.Reader = reader;
        Commit(reg, isNew, () => reg.Reader = null);
        _readers[reader] = reg;
    }

    /// <summary>Watches <paramref name="writer"/> for writability: <see cref="IWriteDescriptor.DoWrite"/> is called
    /// on the reactor thread while it is writable. Adding it twice is a no-op.</summary>
    /// <exception cref="ArgumentException">Its <see cref="IFileDescriptor.Fileno"/> is negative.</exception>
    public void AddWriter(IWriteDescriptor writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckThread();
        if (_writers.ContainsKey(writer)) return;
        var (reg, isNew) = RegistrationFor(writer);
        if (reg.Writer is { } previous) _writers.Remove(previous);
        reg.Writer = writer;
        Commit(reg, isNew, () => reg.Writer = null);
        _writers[writer] = reg;
    }

    /// <summary>
    /// Watches a descriptor that is neither reader nor writer yet for both, with one backend call
    /// (a new connection whose first write did not all go out).
    /// </summary>
    internal void AddReaderAndWriter<T>(T descriptor) where T : IReadDescriptor, IWriteDescriptor
    {
        CheckThread();
        if (_readers.ContainsKey(descriptor) || _writers.ContainsKey(descriptor))
        {
            AddReader(descriptor);
            AddWriter(descriptor);
            return;
        }
        var (reg, isNew) = RegistrationFor(descriptor);
        var (oldReader, oldWriter) = (reg.Reader, reg.Writer);
        reg.Reader = descriptor;
        reg.Writer = descriptor;
        Commit(reg, isNew, () => (reg.Reader, reg.Writer) = (oldReader, oldWriter));
        if (oldReader is not null) _readers.Remove(oldReader); // same fd, new object: the old ones are stale
        if (oldWriter is not null) _writers.Remove(oldWriter);
        _readers[descriptor] = reg;
        _writers[descriptor] = reg;
    }

    /// <summary>
    /// Stops watching <paramref name="writer"/> while <paramref name="next"/> runs, and tells the
    /// backend only afterwards, if nothing took over the handle: a connect attempt handing its socket
    /// to a connection that reads it costs one epoll_ctl MOD instead of a DEL and an ADD.
    /// </summary>
    internal void HandOverWriter<TState>(IWriteDescriptor writer, TState state, Action<TState> next)
    {
        CheckThread();
        if (!_writers.Remove(writer, out var reg))
        {
            next(state);
            return;
        }
        reg.Writer = null;
        try
        {
            next(state);
        }
        finally
        {
            // Nobody took it over: drop it now (a DEL of a handle closed meanwhile fails harmlessly).
            if (reg.Interest == Interest.None && !reg.Removed) Update(reg);
        }
    }

    /// <summary>Stops watching <paramref name="reader"/> for readability (its writer side is kept). No-op if not added.</summary>
    public void RemoveReader(IReadDescriptor reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        CheckThread();
        if (!_readers.Remove(reader, out var reg)) return;
        reg.Reader = null;
        Update(reg);
    }

    /// <summary>Stops watching <paramref name="writer"/> for writability (its reader side is kept). No-op if not added.</summary>
    public void RemoveWriter(IWriteDescriptor writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckThread();
        if (!_writers.Remove(writer, out var reg)) return;
        reg.Writer = null;
        Update(reg);
    }

    /// <summary>The descriptors watched for reading (the reactor's own waker is never listed).</summary>
    public IReadOnlyList<IReadDescriptor> GetReaders() => _readers.Keys.ToList();

    /// <summary>The descriptors watched for writing.</summary>
    public IReadOnlyList<IWriteDescriptor> GetWriters() => _writers.Keys.ToList();

    /// <summary>Stops watching every descriptor and returns them, each once (the waker stays).</summary>
    public IReadOnlyList<IFileDescriptor> RemoveAll()
    {
        CheckThread();
        var removed = new List<IFileDescriptor>(_readers.Count + _writers.Count);
        var seen = new HashSet<IFileDescriptor>(ReferenceEqualityComparer.Instance);
        foreach (var r in _readers.Keys) if (seen.Add(r)) removed.Add(r);
        foreach (var w in _writers.Keys) if (seen.Add(w)) removed.Add(w);
        foreach (var reg in _byFd.Values)
        {
            reg.Reader = null;
            reg.Writer = null;
            reg.Removed = true;
            _backend.Remove(reg);
        }
        _readers.Clear();
        _writers.Clear();
        _byFd.Clear();
        return removed;
    }

    void IReadinessSink.Ready(Registration reg, bool readable, bool writable)
    {
        Exception? why = null;
        IFileDescriptor? culprit = null;
        if (readable && reg.Reader is { } reader)
        {
            Stats.ReadDispatched();
            culprit = reader;
            try
            {
                why = reader.DoRead();
                Stats.CallbackRun();
            }
            catch (Exception ex)
            {
                Report(reader.LogPrefix, ex);
                why = ex;
            }
        }
        if (why is null && writable && !reg.Removed && reg.Writer is { } writer)
        {
            Stats.WriteDispatched();
            culprit = writer;
            try
            {
                why = writer.DoWrite();
                Stats.CallbackRun();
            }
            catch (Exception ex)
            {
                Report(writer.LogPrefix, ex);
                why = ex;
            }
        }
        if (why is not null) Disconnect(culprit!, why);
    }

    void IReadinessSink.Invalid(Registration reg, Exception reason)
    {
        var lost = new ConnectionLostException("The descriptor's handle is no longer valid.", reason);
        if (reg.Reader is { } reader) Disconnect(reader, lost);
        if (reg.Writer is { } writer && !ReferenceEquals(writer, reg.Reader)) Disconnect(writer, lost);
    }

    /// <summary>Removes <paramref name="descriptor"/> as reader and writer, then tells it why.</summary>
    internal void Disconnect(IFileDescriptor descriptor, Exception why)
    {
        if (descriptor is IClosesHandleWhenLost) Forget(descriptor);
        else
        {
            if (descriptor is IReadDescriptor r) RemoveReader(r);
            if (descriptor is IWriteDescriptor w) RemoveWriter(w);
        }
        Guard(descriptor.LogPrefix, (descriptor, why), static s => s.descriptor.ConnectionLost(s.why));
    }

    /// <summary>
    /// Stops watching a descriptor whose handle is closed right after: closing drops it from the
    /// kernel's set, so the backend only forgets it (no epoll_ctl DEL per connection).
    /// </summary>
    private void Forget(IFileDescriptor descriptor)
    {
        Registration? reg = null;
        if (descriptor is IReadDescriptor r && _readers.Remove(r, out var read)) (reg = read).Reader = null;
        if (descriptor is IWriteDescriptor w && _writers.Remove(w, out var write)) (reg = write).Writer = null;
        if (reg is not null) Update(reg, handleClosing: true);
    }

    private (Registration Reg, bool IsNew) RegistrationFor(IFileDescriptor descriptor)
    {
        nint fd = descriptor.Fileno;
        if (fd < 0) throw new ArgumentException($"{descriptor.LogPrefix}: Fileno {fd} is not an open handle.", nameof(descriptor));
        return _byFd.TryGetValue(fd, out var reg) ? (reg, false) : (new Registration(fd), true);
    }

    private void Commit(Registration reg, bool isNew, Action undo)
    {
        try
        {
            if (isNew) _backend.Add(reg);
            else _backend.Modify(reg);
        }
        catch
        {
            undo();
            throw;
        }
        if (isNew) _byFd[reg.Fd] = reg;
    }

    // handleClosing: the handle is closed right after, so the backend need not be told.
    private void Update(Registration reg, bool handleClosing = false)
    {
        if (reg.Interest != Interest.None)
        {
            _backend.Modify(reg); // another descriptor shares the handle and is still watched
            return;
        }
        reg.Removed = true;
        if (handleClosing) _backend.Forget(reg);
        else _backend.Remove(reg);
        if (_byFd.TryGetValue(reg.Fd, out var current) && ReferenceEquals(current, reg)) _byFd.Remove(reg.Fd);
    }
}
