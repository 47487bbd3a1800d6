namespace PoetryReactor.Core;

/// <summary>Where the reactor reports what it caught. Called on the reactor thread.</summary>
public interface IReactorLog
{
    /// <summary>A callback named <paramref name="origin"/> threw <paramref name="ex"/>; the loop went on.</summary>
    void Error(string origin, Exception ex);

    /// <summary>Something worth knowing that is not a failure (e.g. a shutdown trigger timed out).</summary>
    void Warning(string origin, string message);
}
