using System.Management.Automation;
using System.Reflection;
using PoetryReactor.Core.Poetry;

namespace PoetryReactor.Errors;

/// <summary>
/// Every ErrorId the module raises, with its category, meaning and remedy. No ErrorId is written
/// anywhere else: cmdlets name an entry, and <see cref="ErrorRecords"/> builds the record.
/// about_PoetryReactor_Errors is written from this list, and a test holds the two together.
/// </summary>
public static class ErrorCatalog
{
    // Any cmdlet

    public static readonly ErrorEntry PipelineInputInvalid = new("PipelineInputInvalid", ErrorCategory.InvalidArgument,
        "An object was piped whose property only happens to share a parameter's name (a process's Id piped to Get-PoetryServer, say); it was passed over. -Id, -Name, -Port and -Address bind by property name only from the module's own objects and from plain records (PSCustomObject).",
        "Pipe the module's objects, or give the value as a parameter.");

    // The reactor

    public static readonly ErrorEntry ReactorStartFailed = new("ReactorStartFailed", ErrorCategory.ResourceUnavailable,
        "The module's reactor could not start (its backend is not available here, or its thread did not start).",
        "Start-Reactor -Backend Select uses the portable backend; see the exception for the cause.");

    public static readonly ErrorEntry ReactorBackendMismatch = new("ReactorBackendMismatch", ErrorCategory.InvalidOperation,
        "A reactor with another backend already runs; a backend is chosen when the reactor starts.",
        "Stop-Reactor, then Start-Reactor -Backend with the backend you want.");

    public static readonly ErrorEntry ReactorClockMismatch = new("ReactorClockMismatch", ErrorCategory.InvalidOperation,
        "A reactor on the other kind of clock already runs: -ManualClock is chosen when the reactor starts.",
        "Stop-Reactor, then Start-Reactor with or without -ManualClock.");

    public static readonly ErrorEntry ReactorClockNotManual = new("ReactorClockNotManual", ErrorCategory.InvalidOperation,
        "Step-ReactorClock moves a manual clock, and the reactor runs on real time (or none runs).",
        "Start the reactor with Start-Reactor -ManualClock before the code under test schedules its calls.");

    public static readonly ErrorEntry ReactorNotRunning = new("ReactorNotRunning", ErrorCategory.InvalidOperation,
        "The reactor stopped before it could do what was asked (it stopped meanwhile, or stopped for good).",
        "Run the command again: the next cmdlet that needs a reactor starts a new one.");

    public static readonly ErrorEntry ReactorBusy = new("ReactorBusy", ErrorCategory.OperationTimeout,
        "The reactor thread did not answer in time: a callback is holding it (it blocks, sleeps or loops).",
        "Find the slow callback (Get-Reactor shows SlowCallbacks and MaxCallbackTime) and make it return quickly; Start-Reactor -BusyTimeoutSec sets how long cmdlets wait.");

    public static readonly ErrorEntry ReactorStopTimeout = new("ReactorStopTimeout", ErrorCategory.OperationTimeout,
        "The reactor did not finish stopping within -TimeoutSec: a shutdown callback is slow. It keeps stopping in the background.",
        "Give Stop-Reactor a longer -TimeoutSec, or make shutdown callbacks (Register-ReactorCallback Shutdown) return quickly.");

    public static readonly ErrorEntry ReactorFailed = new("ReactorFailed", ErrorCategory.NotSpecified,
        "The reactor's loop ended with an exception it could not survive; the reactor has stopped.",
        "Report it with the exception; the next cmdlet that needs a reactor starts a new one.");

    // Scriptblock callbacks

    public static readonly ErrorEntry ReactorCallbackFailed = new("ReactorCallbackFailed", ErrorCategory.NotSpecified,
        "A callback ended with a terminating error; the loop went on. The message names the callback (cmdlet, parameter, line). The category is the callback's own, when it had one.",
        "Fix the scriptblock; inside it, use try/catch or -ErrorAction for errors it expects.");

    public static readonly ErrorEntry ReactorCallbackInvalid = new("ReactorCallbackInvalid", ErrorCategory.InvalidArgument,
        "A scriptblock could not be handed to the reactor: a $using: variable is not set, or is not a plain variable.",
        "Set the variable before the call, or pass the value with -ArgumentList.");

    public static readonly ErrorEntry ReactorWaitInCallback = new("ReactorWaitInCallback", ErrorCategory.InvalidOperation,
        "A cmdlet that waits for the reactor was called inside a callback, where waiting would block the loop it waits for.",
        "Inside callbacks use the forms that do not wait (-NoWait, no -Wait) and let the callbacks' output reach Wait-Reactor.");

    public static readonly ErrorEntry ReactorWaitTimeout = new("ReactorWaitTimeout", ErrorCategory.OperationTimeout,
        "The wait ended at -TimeoutSec before the call finished; the call goes on and its output goes to the event queue.",
        "Wait longer, or read the rest with Wait-Reactor.");

    public static readonly ErrorEntry ReactorWorkerQueueFull = new("ReactorWorkerQueueFull", ErrorCategory.LimitsExceeded,
        "So much work already waits for the worker pool (1,000 pieces) that this one was refused rather than held without bound.",
        "Wait for work to finish, or give the pool more threads with Start-Reactor -WorkerPoolSize.");

    public static readonly ErrorEntry ReactorJobFailed = new("ReactorJobFailed", ErrorCategory.NotSpecified,
        "The work of an -AsJob job ended with an exception that no other ErrorId names; the job is Failed. The job's name is the target.",
        "Receive-Job shows the error; run the command without -AsJob to see it in place.");

    // Delayed and repeating calls

    public static readonly ErrorEntry ReactorIntervalTooShort = new("ReactorIntervalTooShort", ErrorCategory.InvalidArgument,
        "A repeating call was asked for with an interval under 0.001 s, which would run on every pass and starve the loop.",
        "Give -Repeat a -Delay of at least 0.001 s.");



    public static readonly ErrorEntry ReactorCallNotFound = new("ReactorCallNotFound", ErrorCategory.ObjectNotFound,
        "No pending or repeating call has that id or name (calls that have run or were cancelled are no longer listed).",
        "Get-ReactorCall lists the calls still pending.");

    public static readonly ErrorEntry ReactorCallbackNotFound = new("ReactorCallbackNotFound", ErrorCategory.ObjectNotFound,
        "No registered callback has that id or name (callbacks that ran or were unregistered are no longer listed).",
        "Get-ReactorCallback lists the callbacks still registered.");

    // Listeners and connections

    public static readonly ErrorEntry AddressInvalid = new("AddressInvalid", ErrorCategory.InvalidArgument,
        "The text is not an address: expected PORT, HOST:PORT or [IPv6]:PORT with a port from 1 to 65535. The other addresses go on.",
        "Correct the address; the message says which part is wrong.");

    public static readonly ErrorEntry InterfaceInvalid = new("InterfaceInvalid", ErrorCategory.InvalidArgument,
        "-Interface is not 'localhost', '*' or an IP address of this machine (host names are not accepted).",
        "Leave -Interface out to serve this machine only, or give one of this machine's IP addresses.");

    public static readonly ErrorEntry PortInUse = new("PortInUse", ErrorCategory.ResourceUnavailable,
        "The port is already in use on that interface (by another program, or by an earlier server of the same call).",
        "Use -Port 0 for a free port, or stop what holds the port (Get-PoetryServer, Get-ReactorListener).");

    public static readonly ErrorEntry ListenFailed = new("ListenFailed", ErrorCategory.OpenError,
        "The server could not listen for another reason than a port in use (for example, a port below 1024 without the right to bind it).",
        "See the exception; choose another port or interface.");

    public static readonly ErrorEntry WorkersNotSupported = new("WorkersNotSupported", ErrorCategory.InvalidArgument,
        "-Workers was given with -Blocking: a blocking server serves one client at a time on its own thread and cannot be spread over reactors.",
        "Leave out -Workers, or -Blocking.");

    public static readonly ErrorEntry ReactorLineTooLong = new("ReactorLineTooLong", ErrorCategory.LimitsExceeded,
        "A peer sent a line longer than -MaxLineLength without a delimiter; the connection was closed, as Twisted's LineReceiver does. The peer's address is the target.",
        "Raise -MaxLineLength if such lines are expected, or check that -Delimiter matches what the peer sends.");

    public static readonly ErrorEntry ReactorListenerNotFound = new("ReactorListenerNotFound", ErrorCategory.ObjectNotFound,
        "No listener of the running reactor has that id, name or port.",
        "Get-ReactorListener lists the listeners.");

    public static readonly ErrorEntry ReactorConnectionNotFound = new("ReactorConnectionNotFound", ErrorCategory.ObjectNotFound,
        "No open connection has that id or name (connections that closed are no longer listed).",
        "Get-ReactorConnection lists the open connections.");

    public static readonly ErrorEntry ReactorConnectFailed = new("ReactorConnectFailed", ErrorCategory.ConnectionError,
        "Connect-ReactorClient could not connect: refused, unreachable, not resolved (ObjectNotFound) or timed out (OperationTimeout).",
        "Check that a server listens at the address and that the host resolves; raise -TimeoutSec for slow networks.");

    // Poetry fetches (Get-Poetry, Measure-PoetryModel): one failed address never stops the others

    public static readonly ErrorEntry PoetryHostNotFound = new("PoetryHostNotFound", ErrorCategory.ObjectNotFound,
        "The host name did not resolve to an address.",
        "Check the name, or give an IP address.");

    public static readonly ErrorEntry PoetryConnectionRefused = new("PoetryConnectionRefused", ErrorCategory.ConnectionError,
        "Nothing listens at the address: the connection was refused.",
        "Start the server (Start-PoetryServer) or correct the port.");

    public static readonly ErrorEntry PoetryHostUnreachable = new("PoetryHostUnreachable", ErrorCategory.ConnectionError,
        "There is no route to the host or its network.",
        "Check the network path; a firewall may drop the packets.");

    public static readonly ErrorEntry PoetryTimeout = new("PoetryTimeout", ErrorCategory.OperationTimeout,
        "The task made no progress (resolve, connect or next chunk) within -TimeoutSec. A partial poem is written with Complete = False.",
        "Raise -TimeoutSec for slow servers (0 waits without limit).");

    public static readonly ErrorEntry PoetryTooLarge = new("PoetryTooLarge", ErrorCategory.LimitsExceeded,
        "The poem grew past -MaxBytes; the connection was closed and the part read is written with Complete = False.",
        "Raise -MaxBytes if the server is trusted.");

    public static readonly ErrorEntry PoetryConnectionLost = new("PoetryConnectionLost", ErrorCategory.ConnectionError,
        "The connection was reset or aborted before the server finished the poem; the part read is written with Complete = False.",
        "Fetch again; if it repeats, the server is failing.");

    public static readonly ErrorEntry PoetrySocketError = new("PoetrySocketError", ErrorCategory.ConnectionError,
        "Another socket failure ended the task; the message names the socket error.",
        "See the socket error in the message.");

    public static readonly ErrorEntry PoetryFetchFailed = new("PoetryFetchFailed", ErrorCategory.NotSpecified,
        "The fetch failed in a way no other ErrorId names.",
        "Report it with the exception.");

    // Poetry servers and poems

    public static readonly ErrorEntry PoetryPoemNotFound = new("PoetryPoemNotFound", ErrorCategory.ObjectNotFound,
        "No shipped poem has that name.",
        "Get-PoetryPoem lists the shipped poems; give your own files with -Path.");

    public static readonly ErrorEntry PoetryFileNotFound = new("PoetryFileNotFound", ErrorCategory.ObjectNotFound,
        "The poem file given with -Path does not exist.",
        "Correct the path.");

    public static readonly ErrorEntry PoetryFileInvalid = new("PoetryFileInvalid", ErrorCategory.InvalidData,
        "The poem file is a directory, a device, or larger than a server serves.",
        "Give a regular text file.");

    public static readonly ErrorEntry PoetryEmpty = new("PoetryEmpty", ErrorCategory.InvalidData,
        "The poem file is empty: there is nothing to serve.",
        "Give a file with text in it.");

    public static readonly ErrorEntry PoetryPoemFolderMissing = new("PoetryPoemFolderMissing", ErrorCategory.ObjectNotFound,
        "The module's poems folder is missing: the installation is incomplete.",
        "Install the module again.");

    public static readonly ErrorEntry PoetryServerNotFound = new("PoetryServerNotFound", ErrorCategory.ObjectNotFound,
        "No running poetry server has that id, port or name.",
        "Get-PoetryServer lists the running servers.");

    public static readonly ErrorEntry PoetryServerStopFailed = new("PoetryServerStopFailed", ErrorCategory.CloseError,
        "A poetry server did not stop cleanly (its thread or reactor did not answer in time).",
        "Stop it again; Stop-Reactor ends every reactor server.");

    // Timelines

    public static readonly ErrorEntry TimelinePathInvalid = new("TimelinePathInvalid", ErrorCategory.InvalidArgument,
        "The timeline path must end in .svg or .png.",
        "Name the file .svg (written directly) or .png (rendered by Chromium).");

    public static readonly ErrorEntry TimelineFolderNotFound = new("TimelineFolderNotFound", ErrorCategory.ObjectNotFound,
        "The folder of the timeline path does not exist.",
        "Create the folder first, or correct the path.");

    public static readonly ErrorEntry TimelineFileExists = new("TimelineFileExists", ErrorCategory.ResourceExists,
        "The timeline file exists and -NoClobber was given.",
        "Leave out -NoClobber, or choose another path.");

    public static readonly ErrorEntry TimelineInputInvalid = new("TimelineInputInvalid", ErrorCategory.InvalidType,
        "An object piped to Export-PoetryTimeline is not a measurement, a poem or a chunk event.",
        "Pipe Measure-PoetryModel output, or Get-Poetry -IncludeChunk output.");

    public static readonly ErrorEntry TimelineInputMissing = new("TimelineInputMissing", ErrorCategory.InvalidData,
        "Export-PoetryTimeline received nothing it could draw.",
        "Pipe Measure-PoetryModel output, or Get-Poetry -IncludeChunk output.");

    public static readonly ErrorEntry TimelineWriteFailed = new("TimelineWriteFailed", ErrorCategory.WriteError,
        "The timeline file could not be written (the path is a folder, read-only, or the disk is full).",
        "Choose a path you can write.");

    public static readonly ErrorEntry TimelineRendererNotFound = new("TimelineRendererNotFound", ErrorCategory.NotInstalled,
        "A .png needs a headless Chromium on the PATH, and none was found.",
        "Install Chromium, or write an .svg.");

    public static readonly ErrorEntry TimelineRenderFailed = new("TimelineRenderFailed", ErrorCategory.WriteError,
        "Chromium failed to render the PNG, or did not finish in time; the message holds its exit code and output.",
        "Write an .svg, or check that Chromium runs headless here.");

    private static readonly Lazy<IReadOnlyList<ErrorEntry>> Entries = new(() =>
        typeof(ErrorCatalog).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(ErrorEntry))
            .Select(f => (ErrorEntry)f.GetValue(null)!)
            .ToArray());

    /// <summary>Every entry, in the order written here.</summary>
    public static IReadOnlyList<ErrorEntry> All => Entries.Value;

    /// <summary>The entry with <paramref name="id"/>, or null.</summary>
    public static ErrorEntry? Find(string id) => All.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The entry for a Core poetry failure.</summary>
    public static ErrorEntry ForPoetry(PoetryErrorKind kind) => kind switch
    {
        PoetryErrorKind.AddressInvalid => AddressInvalid,
        PoetryErrorKind.HostNotFound => PoetryHostNotFound,
        PoetryErrorKind.ConnectionRefused => PoetryConnectionRefused,
        PoetryErrorKind.HostUnreachable => PoetryHostUnreachable,
        PoetryErrorKind.Timeout => PoetryTimeout,
        PoetryErrorKind.TooLarge => PoetryTooLarge,
        PoetryErrorKind.ConnectionLost => PoetryConnectionLost,
        PoetryErrorKind.AddressInUse => PortInUse,
        PoetryErrorKind.PoemNotFound => PoetryPoemNotFound,
        PoetryErrorKind.PoemFileInvalid => PoetryFileInvalid,
        _ => PoetrySocketError,
    };
}
