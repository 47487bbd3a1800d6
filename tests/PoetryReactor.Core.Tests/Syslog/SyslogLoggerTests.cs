using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using PoetryReactor.Core.Datagram;
using PoetryReactor.Core.Syslog;
using static PoetryReactor.Core.Tests.Net.NetTestKit;

namespace PoetryReactor.Core.Tests.Syslog;

/// <summary>A syslog receiver on a UDP port, fed by util-linux logger itself over a real socket.</summary>
public sealed class SyslogLoggerTests
{
    public static TheoryData<ReactorBackendKind> Backends => ReactorTestKit.Backends();

    /// <summary>Parses every datagram as it arrives, as a receiver would.</summary>
    private sealed class SyslogReceiver : DatagramProtocol
    {
        public BlockingCollection<(SyslogMessage Message, IPEndPoint From)> Messages { get; } = new();

        public override void DatagramReceived(ReadOnlySpan<byte> data, IPEndPoint from) =>
            Messages.Add((SyslogParser.Parse(data, DateTimeOffset.Now), from));

        public SyslogMessage Next()
        {
            Assert.True(Messages.TryTake(out var m, ReactorTestKit.Patience), "no syslog message arrived");
            return m.Message;
        }
    }

    /// <summary>Runs logger with <paramref name="args"/>; returns its pid (what <c>-i</c> puts in the message).</summary>
    private static int RunLogger(params string[] args)
    {
        var psi = new ProcessStartInfo(LoggerTheoryAttribute.Logger) { RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(ReactorTestKit.Patience), "logger did not finish");
        Assert.True(p.ExitCode == 0, $"logger failed: {stderr}");
        return p.Id;
    }

    private static string[] To(IUdpTransport port, string format) => ["-n", "127.0.0.1", "-P", port.Port.ToString(), "-d", format];

    [LoggerTheory, MemberData(nameof(Backends))]
    public void Reads_what_logger_sends_in_RFC_3164(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var receiver = new SyslogReceiver();
        var port = r.OnReactor(() => r.Reactor.ListenUdp(0, receiver));
        var before = DateTimeOffset.Now.AddSeconds(-1);

        int pid = RunLogger([.. To(port, "--rfc3164"), "-p", "auth.crit", "-t", "sshd", "-i", "Accepted publickey for café 月"]);
        var m = receiver.Next();

        Assert.Equal(SyslogFormat.Rfc3164, m.Format);
        Assert.Equal(34, m.Priority);
        Assert.Equal(SyslogFacility.Auth, m.Facility);
        Assert.Equal(SyslogSeverity.Critical, m.Severity);
        Assert.Equal("sshd", m.AppName);
        Assert.Equal(pid.ToString(), m.ProcId);
        Assert.Equal("Accepted publickey for café 月", m.Message);
        Assert.Equal(Dns.GetHostName().Split('.')[0], m.Host);
        // BSD timestamps have whole seconds and no zone: read in this machine's.
        Assert.InRange(m.Timestamp!.Value, before.AddSeconds(-1), DateTimeOffset.Now.AddSeconds(1));
    }

    [LoggerTheory, MemberData(nameof(Backends))]
    public void Reads_what_logger_sends_in_RFC_5424(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var receiver = new SyslogReceiver();
        var port = r.OnReactor(() => r.Reactor.ListenUdp(0, receiver));
        var before = DateTimeOffset.Now;

        RunLogger([.. To(port, "--rfc5424"), "-p", "local3.warning", "-t", "backup", "--msgid", "DISK",
            "--sd-id", "disk@32473", "--sd-param", "mount=\"/srv\"", "--sd-param", "free=\"3%\"", "disk almost full"]);
        RunLogger([.. To(port, "--rfc5424=notq,notime,nohost"), "bare"]);
        var full = receiver.Next();
        var bare = receiver.Next();

        Assert.Equal(SyslogFormat.Rfc5424, full.Format);
        Assert.Equal(1, full.Version);
        Assert.Equal(SyslogFacility.Local3, full.Facility);
        Assert.Equal(SyslogSeverity.Warning, full.Severity);
        Assert.Equal("backup", full.AppName);
        Assert.Equal("DISK", full.MsgId);
        Assert.Equal(Dns.GetHostName(), full.Host);
        Assert.InRange(full.Timestamp!.Value, before.AddSeconds(-1), DateTimeOffset.Now.AddSeconds(1));
        Assert.Equal(["timeQuality", "disk@32473"], full.Elements.Select(e => e.Id));
        Assert.Equal("/srv", full.Elements[1]["mount"]);
        Assert.Equal("3%", full.Elements[1]["free"]);
        Assert.Equal("disk almost full", full.Message);

        Assert.Null(bare.Timestamp);
        Assert.Null(bare.Host);
        Assert.Empty(bare.Elements);
        Assert.Equal(13, bare.Priority);
        Assert.Equal("bare", bare.Message);
    }

    [LoggerTheory, MemberData(nameof(Backends))]
    public void Every_line_logger_reads_arrives_as_a_message_in_order(ReactorBackendKind backend)
    {
        using var r = Start(backend);
        var receiver = new SyslogReceiver();
        var port = r.OnReactor(() => r.Reactor.ListenUdp(0, receiver));
        var lines = Enumerable.Range(1, 50).Select(i => $"line {i}").ToArray();
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, lines);
            RunLogger([.. To(port, "--rfc5424"), "-t", "batch", "-f", file]);
        }
        finally
        {
            File.Delete(file);
        }

        var got = lines.Select(_ => receiver.Next()).ToArray();

        Assert.Equal(lines, got.Select(m => m.Message));
        Assert.All(got, m => Assert.Equal("batch", m.AppName));
        Assert.Equal(50, port.Stats.DatagramsReceived);
    }
}
