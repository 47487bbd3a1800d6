namespace PoetryReactor.Objects;

/// <summary>Where a <see cref="ReactorCallback"/> stands.</summary>
public enum ReactorCallbackState
{
    /// <summary>Registered and waiting for its event.</summary>
    Registered,
    /// <summary>Its event came and it ran.</summary>
    Ran,
    /// <summary>Unregistered before its event, or dropped with its reactor.</summary>
    Unregistered,
}
