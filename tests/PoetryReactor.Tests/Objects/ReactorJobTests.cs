using System.Management.Automation;
using PoetryReactor.Objects;

namespace PoetryReactor.Tests.Objects;

/// <summary>How an -AsJob job ends: completed, or failed with the reason in its error stream.</summary>
public sealed class ReactorJobTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public void Work_that_completes_leaves_the_job_Completed_with_no_errors()
    {
        using var job = new ReactorJob("Get-Poetry", "quiet");
        job.Start(_ => { });
        Assert.True(job.Finished.WaitOne(Bound));
        Assert.Equal(JobState.Completed, job.JobStateInfo.State);
        Assert.Empty(job.Error);
    }

    [Fact]
    public void Work_that_throws_fails_the_job_with_ReactorJobFailed_naming_the_job()
    {
        using var job = new ReactorJob("Get-Poetry", "broken");
        job.Start(_ => throw new InvalidOperationException("The well ran dry."));
        Assert.True(job.Finished.WaitOne(Bound));
        Assert.Equal(JobState.Failed, job.JobStateInfo.State);
        var record = Assert.Single(job.Error);
        Assert.Equal("ReactorJobFailed", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.NotSpecified, record.CategoryInfo.Category);
        Assert.Equal("broken", record.TargetObject);
        Assert.Equal("The well ran dry.", job.StatusMessage);
    }
}
