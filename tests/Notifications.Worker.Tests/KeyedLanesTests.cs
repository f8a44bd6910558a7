using System.Collections.Concurrent;
using Notifications.Worker.Consuming;

namespace Notifications.Worker.Tests;

public sealed class KeyedLanesTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ItemsOfOneKeyRunInOrderWhileAnotherKeyRunsPastABlockedOne()
    {
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new ConcurrentQueue<string>();
        var lanes = new KeyedLanes<string>(async item =>
        {
            if (item == "a1")
            {
                await blocked.Task;
            }

            done.Enqueue(item);
        });

        lanes.Enqueue("a", "a1");
        lanes.Enqueue("a", "a2");
        lanes.Enqueue("b", "b1");
        lanes.Enqueue("b", "b2");
        await Eventually.TrueAsync(() => done.Count == 2, "both keys' messages done", Within);

        // Key b went on while key a waited; a2 stayed behind a1.
        Assert.Equal(["b1", "b2"], done);
        blocked.SetResult();
        await lanes.WhenIdleAsync();
        Assert.Equal(["b1", "b2", "a1", "a2"], done);
    }

    [Fact]
    public async Task AKeyWhoseLaneFailedGetsANewLane()
    {
        var done = new ConcurrentQueue<string>();
        var lanes = new KeyedLanes<string>(item => item == "bad" ? Task.FromException(new InvalidOperationException()) : Task.Run(() => done.Enqueue(item)));

        lanes.Enqueue("a", "bad");
        await Eventually.TrueAsync(() => lanes.ActiveLanes == 0, "every lane idle", Within);
        lanes.Enqueue("a", "good");
        await Eventually.TrueAsync(() => !done.IsEmpty, "the good message done", Within);

        Assert.Equal(["good"], done);
    }

}
