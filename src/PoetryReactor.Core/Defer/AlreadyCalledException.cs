namespace PoetryReactor.Core.Defer;

/// <summary>
/// Something that happens once has already happened: a <see cref="Deferred{T}"/> fired a second
/// time (Twisted's <c>AlreadyCalledException</c>), or a delayed call that has run was cancelled or moved
/// (Twisted's <c>error.AlreadyCalled</c>).
/// </summary>
public class AlreadyCalledException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public AlreadyCalledException() : base("It has already been called.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public AlreadyCalledException(string message) : base(message) { }
}
