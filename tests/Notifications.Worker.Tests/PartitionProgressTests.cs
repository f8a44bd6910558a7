using Notifications.Worker.Consuming;

namespace Notifications.Worker.Tests;

public sealed class PartitionProgressTests
{
    [Fact]
    public void TheCommitStopsAtTheLowestOffsetThatIsNotFinal()
    {
        var progress = new PartitionProgress();
        foreach (var offset in new long[] { 10, 11, 12, 13 })
        {
            Assert.True(progress.TryTake(offset));
        }

        progress.Finish(11);
        progress.Finish(13);
        Assert.Equal(10, progress.NextCommit());
        Assert.Equal(2, progress.InFlight);

        progress.Finish(10);
        Assert.Equal(12, progress.NextCommit());

        progress.Finish(12);
        Assert.Equal(14, progress.NextCommit());
        Assert.Equal(0, progress.InFlight);
    }

    [Fact]
    public void AnOffsetIsCommittedOnceAndARedeliveredOneIsNotTakenAgain()
    {
        var progress = new PartitionProgress();
        Assert.Null(progress.NextCommit());
        progress.TryTake(5);
        progress.Finish(5);
        progress.Committed(progress.NextCommit()!.Value);

        Assert.Null(progress.NextCommit());
        Assert.False(progress.TryTake(5));
        Assert.True(progress.TryTake(6));
        Assert.Null(progress.NextCommit());
        progress.Finish(6);
        Assert.Equal(7, progress.NextCommit());
    }
}
