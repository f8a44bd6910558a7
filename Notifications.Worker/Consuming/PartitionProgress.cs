namespace Notifications.Worker.Consuming;

/// <summary>
/// Which offsets of one partition are being processed, and so how far it may be committed: up to the lowest offset that
/// is not final yet (or past the last one taken when every one is). Messages finish out of order, since different keys
/// run concurrently; one slow message holds the commit back, not the other keys.
/// </summary>
public sealed class PartitionProgress
{
    private readonly Lock _lock = new();
    private readonly Queue<long> _taken = new();
    private readonly HashSet<long> _finishedOutOfOrder = [];
    private long _lastTaken = -1;
    private long _committed = -1;

    /// <summary>Messages taken and not final yet.</summary>
    public int InFlight { get; private set; }

    /// <summary>Starts tracking <paramref name="offset"/>; false when it was taken already (redelivered after a seek or rebalance).</summary>
    public bool TryTake(long offset)
    {
        lock (_lock)
        {
            if (offset <= _lastTaken)
            {
                return false;
            }

            _taken.Enqueue(offset);
            _lastTaken = offset;
            InFlight++;
            return true;
        }
    }

    public void Finish(long offset)
    {
        lock (_lock)
        {
            InFlight--;
            _finishedOutOfOrder.Add(offset);
            while (_taken.TryPeek(out var lowest) && _finishedOutOfOrder.Remove(lowest))
            {
                _taken.Dequeue();
            }
        }
    }

    /// <summary>The offset to commit (the next one to read after a restart), when it moved since the last commit.</summary>
    public long? NextCommit()
    {
        lock (_lock)
        {
            var next = _taken.TryPeek(out var lowest) ? lowest : _lastTaken + 1;
            return next > _committed && _lastTaken >= 0 ? next : null;
        }
    }

    public void Committed(long offset)
    {
        lock (_lock)
        {
            _committed = Math.Max(_committed, offset);
        }
    }
}
