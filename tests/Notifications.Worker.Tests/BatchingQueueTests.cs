using Notifications.Worker.Delivery;

namespace Notifications.Worker.Tests;

public sealed class BatchingQueueTests
{
    [Fact]
    public async Task RequestsArrivingDuringARoundTripShareTheNextOne()
    {
        var batches = new List<IReadOnlyList<int>>();
        var firstRoundTrip = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var queue = new BatchingQueue<int, int>(async (items, _) =>
        {
            batches.Add(items);
            if (batches.Count == 1)
            {
                await firstRoundTrip.Task;
            }

            return items.Select(i => i * 10).ToList();
        }, maxBatch: 3);

        var first = queue.EnqueueAsync(1, CancellationToken.None);
        await Eventually.TrueAsync(() => batches.Count > 0, "the first batch on its way", TimeSpan.FromSeconds(10));

        List<Task<int>> rest = [queue.EnqueueAsync(2, CancellationToken.None), queue.EnqueueAsync(3, CancellationToken.None),
            queue.EnqueueAsync(4, CancellationToken.None), queue.EnqueueAsync(5, CancellationToken.None)];
        firstRoundTrip.SetResult();

        Assert.Equal(10, await first);
        var results = await Task.WhenAll(rest);
        Assert.Equal([20, 30, 40, 50], results);
        Assert.Equal([[1], [2, 3, 4], [5]], batches);
    }

    [Fact]
    public async Task AFailedBatchFailsEachOfItsCallers()
    {
        await using var queue = new BatchingQueue<int, int>((_, _) => throw new TimeoutException("database away"), maxBatch: 10);

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => queue.EnqueueAsync(1, CancellationToken.None));

        Assert.Equal("database away", failure.Message);
    }
}
