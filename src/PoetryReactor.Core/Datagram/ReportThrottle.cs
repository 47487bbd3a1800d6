namespace PoetryReactor.Core.Datagram;

/// <summary>
/// One report a second at most: a flood of bad datagrams or failing sends must not become a flood of
/// log lines. Every event is still counted by the caller; the report says how many went unreported.
/// </summary>
internal sealed class ReportThrottle
{
    private double _last = double.NegativeInfinity;
    private long _suppressed;

    /// <summary>True when a report is due now; <paramref name="suppressed"/> is how many were held back since the last.</summary>
    public bool ShouldReport(double now, out long suppressed)
    {
        if (now - _last < 1.0)
        {
            _suppressed++;
            suppressed = 0;
            return false;
        }
        _last = now;
        suppressed = _suppressed;
        _suppressed = 0;
        return true;
    }
}
