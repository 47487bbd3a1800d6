namespace PoetryReactor.Objects;

/// <summary>Which side made a <see cref="ReactorConnection"/>, and so what owns it.</summary>
public enum ReactorConnectionKind
{
    /// <summary>Made by Connect-ReactorClient.</summary>
    Client,
    /// <summary>Accepted by a listener of Start-ReactorListener.</summary>
    Listener,
    /// <summary>Accepted by a poetry server of Start-PoetryServer.</summary>
    PoetryServer,
}
