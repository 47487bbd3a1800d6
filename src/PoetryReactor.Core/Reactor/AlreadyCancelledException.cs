namespace PoetryReactor.Core;

/// <summary>Raised by <see cref="DelayedCall"/> operations on a call that has already been cancelled.</summary>
public class AlreadyCancelledException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public AlreadyCancelledException() : base("The delayed call has already been cancelled.") { }
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public AlreadyCancelledException(string message) : base(message) { }
}
