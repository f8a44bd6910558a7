namespace Notifications.Worker.Consuming;

/// <summary>
/// Runs items with the same key one after another, in the order given, and items with different keys concurrently:
/// one lane per key that has work, gone when its queue is empty.
/// </summary>
public sealed class KeyedLanes<T>(Func<T, Task> process)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<T>> _lanes = [];
    private readonly HashSet<Task> _running = [];

    /// <summary>Keys with work queued or running.</summary>
    public int ActiveLanes
    {
        get
        {
            lock (_lock)
            {
                return _lanes.Count;
            }
        }
    }

    public void Enqueue(string key, T item)
    {
        lock (_lock)
        {
            if (_lanes.TryGetValue(key, out var waiting))
            {
                waiting.Enqueue(item);
                return;
            }

            _lanes[key] = new Queue<T>();
            var lane = Task.Run(() => RunAsync(key, item));
            _running.Add(lane);
            _ = lane.ContinueWith(done => Forget(done), TaskScheduler.Default);
        }
    }

    /// <summary>Completes when every lane has run out of work (or ended with an exception, which it surfaces).</summary>
    public Task WhenIdleAsync()
    {
        lock (_lock)
        {
            return Task.WhenAll(_running);
        }
    }

    private async Task RunAsync(string key, T first)
    {
        try
        {
            for (var item = first; ;)
            {
                await process(item);
                lock (_lock)
                {
                    if (!_lanes[key].TryDequeue(out item!))
                    {
                        _lanes.Remove(key);
                        return;
                    }
                }
            }
        }
        catch
        {
            // What the lane still held is dropped with it (the caller knows it as not processed).
            lock (_lock)
            {
                _lanes.Remove(key);
            }

            throw;
        }
    }

    private void Forget(Task lane)
    {
        lock (_lock)
        {
            _running.Remove(lane);
        }
    }
}
