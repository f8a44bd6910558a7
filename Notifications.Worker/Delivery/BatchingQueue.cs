using System.Threading.Channels;

namespace Notifications.Worker.Delivery;

/// <summary>
/// Many callers, one round trip: requests that arrive while a batch runs go together in the next one (group commit),
/// so there is no added wait when it is quiet and up to <paramref name="maxBatch"/> items per round trip under load.
/// A failed batch fails each of its callers, who retry as they would a call of their own.
/// </summary>
/// <param name="run">Runs one batch; returns one result per item, in order.</param>
public sealed class BatchingQueue<TItem, TResult>(Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> run, int maxBatch)
    : IAsyncDisposable
{
    private readonly Channel<(TItem Item, TaskCompletionSource<TResult> Result)> _pending =
        Channel.CreateUnbounded<(TItem, TaskCompletionSource<TResult>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public Task<TResult> EnqueueAsync(TItem item, CancellationToken ct)
    {
        // Started on first use rather than in the constructor, so that a service that never calls it runs no loop.
        LazyInitializer.EnsureInitialized(ref _loop, () => Task.Run(RunAsync));
        var result = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite((item, result)))
        {
            throw new ObjectDisposedException(nameof(BatchingQueue<TItem, TResult>));
        }

        return result.Task.WaitAsync(ct);
    }

    private async Task RunAsync()
    {
        var batch = new List<(TItem Item, TaskCompletionSource<TResult> Result)>(maxBatch);
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < maxBatch && reader.TryRead(out var request))
            {
                batch.Add(request);
            }

            try
            {
                var results = await run(batch.ConvertAll(b => b.Item), _stopping.Token);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Result.TrySetResult(results[i]);
                }
            }
            catch (Exception e)
            {
                batch.ForEach(b => b.Result.TrySetException(e));
            }

            batch.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stopping.Dispose();
    }
}
