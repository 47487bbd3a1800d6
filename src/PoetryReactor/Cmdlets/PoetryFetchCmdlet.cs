using System.Management.Automation;
using PoetryReactor.Core.Net;
using PoetryReactor.Core.Poetry.Clients;
using PoetryReactor.Completers;
using PoetryReactor.Errors;
using PoetryReactor.Objects;
using PoetryReactor.Poetry;

namespace PoetryReactor.Cmdlets;

/// <summary>
/// Base of the cmdlets that fetch poems: the address, timeout and size-limit parameters, and
/// the addresses parsed from them (a text that is not an address is an error, the rest go on).
/// </summary>
public abstract class PoetryFetchCmdlet : StreamingCmdlet
{
    /// <summary>The valid addresses collected from the parameter and the pipeline, in order.</summary>
    private protected List<HostPort> Addresses { get; } = new();

    /// <summary>Server addresses: <c>PORT</c>, <c>HOST:PORT</c> or <c>[IPv6]:PORT</c>.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    [AddressTransformation]
    [ArgumentCompleter(typeof(AddressCompleter))]
    public string[] Address { get; set; } = Array.Empty<string>();

    /// <summary>Seconds a task may go without progress (resolve, connect, next chunk); 0 for no limit.</summary>
    [Parameter]
    [ValidateRange(0, 86_400)]
    public double TimeoutSec { get; set; } = PoetryClientOptions.DefaultTimeout.TotalSeconds;

    /// <summary>The most bytes one poem may have; a longer one fails with PoetryTooLarge.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxBytes { get; set; } = PoetryClientOptions.DefaultMaxBytes;

    /// <summary>Runs the fetch as a job in Get-Job and returns the job at once (Receive-Job, Stop-Job, Wait-Job).</summary>
    [Parameter]
    public SwitchParameter AsJob { get; set; }

    /// <summary>With -AsJob, the job's name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JobName { get; set; }

    /// <summary>
    /// Starts <paramref name="work"/> as a job (it writes through <see cref="ReactorJob.Write"/>), adds it
    /// to the session's jobs and writes it.
    /// </summary>
    private protected void StartJob(Action<ReactorJob> work)
    {
        var job = new ReactorJob(MyInvocation.Line, JobName);
        JobRepository.Add(job);
        job.Start(work);
        WriteObject(job);
    }

    protected override void ProcessRecord()
    {
        if (!PipedObjectFits(typeof(PoetryServer), typeof(ReactorListener), typeof(Poem))) return;
        foreach (var text in Address)
        {
            try
            {
                Addresses.Add(HostPort.Parse(text));
            }
            catch (FormatException e)
            {
                WriteError(ErrorCatalog.AddressInvalid, e, text);
            }
        }
    }

    /// <summary>The client of <paramref name="mode"/>; a terminating ReactorStartFailed when its reactor cannot start.</summary>
    private protected IPoetryClient CreateClient(PoetryClientMode mode)
    {
        try
        {
            return PoetryClients.Create(mode);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or PlatformNotSupportedException)
        {
            ThrowError(ErrorCatalog.ReactorStartFailed, ex, mode);
            throw; // not reached: ThrowError ends the cmdlet
        }
    }

    /// <summary>Client options from the timeout and size-limit parameters.</summary>
    private protected PoetryClientOptions NewOptions() => MakeOptions(TimeoutSec, MaxBytes);

    /// <summary>Fresh client options from the parameters, for each run of a model.</summary>
    private protected Func<PoetryClientOptions> NewOptionsFactory()
    {
        var (timeout, maxBytes) = (TimeoutSec, MaxBytes);
        return () => MakeOptions(timeout, maxBytes);
    }

    private static PoetryClientOptions MakeOptions(double timeoutSec, int maxBytes) => new()
    {
        Timeout = timeoutSec == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(timeoutSec),
        MaxBytes = maxBytes,
    };
}
