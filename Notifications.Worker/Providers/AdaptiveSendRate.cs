namespace Notifications.Worker.Providers;

/// <summary>
/// A provider's send rate: the account's quota as the ceiling (none when unknown), lowered when the provider throttles
/// (halved, at most once a second, down to one send a second) and raised again by a tenth of the starting rate each
/// second without throttling (additive increase, multiplicative decrease). A token bucket holding one second's worth,
/// like SES's and SNS's per-second quotas; sends beyond it wait in order and are let go at whatever the rate is then,
/// so a rate that climbs back speeds up the sends already waiting.
/// </summary>
public sealed class AdaptiveSendRate(double? ceiling, TimeProvider clock)
{
    private const double MinimumRate = 1;
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    private readonly Lock _lock = new();
    private readonly double? _ceiling = ceiling;
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private double? _limit = ceiling;
    private double _tokens = ceiling ?? 0;
    private DateTimeOffset _refilled = clock.GetUtcNow();
    private ITimer? _ticking;
    private double _recoveredAt;
    private double _step;
    private DateTimeOffset? _lastDecrease;
    private DateTimeOffset _lastIncrease;
    private long _currentSecond;
    private int _sendsThisSecond;
    private int _sendsLastSecond;

    /// <summary>Sends a second allowed now; null for no limit.</summary>
    public double? Limit
    {
        get
        {
            lock (_lock)
            {
                Recover(clock.GetUtcNow());
                return _limit;
            }
        }
    }

    /// <summary>Waits for this send's turn under the current limit.</summary>
    public Task WaitAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            Count(now);
            Refill(now);
            if (_limit is null || (_waiting.Count == 0 && TakeToken()))
            {
                return Task.CompletedTask;
            }

            var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(turn);
            _ticking ??= clock.CreateTimer(_ => OnTick(), null, Tick, Tick);
            return turn.Task.WaitAsync(ct);
        }
    }

    /// <summary>The provider throttled a send.</summary>
    public void Throttled()
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            Refill(now);
            if (now - _lastDecrease < Second)
            {
                // One burst of throttling answers is one signal; still, only a second without any counts for recovery.
                _lastIncrease = now;
                return;
            }

            if (_limit is null)
            {
                // No quota known: start from what was being sent, and lift the limit again once back there.
                _recoveredAt = Math.Max(MinimumRate, Math.Max(_sendsThisSecond, _sendsLastSecond));
                _limit = _recoveredAt;
            }

            _step = Math.Max(MinimumRate, (_ceiling ?? _recoveredAt) / 10);
            _limit = Math.Max(MinimumRate, _limit.Value / 2);
            _tokens = Math.Min(_tokens, _limit.Value);
            _lastDecrease = now;
            _lastIncrease = now;
        }
    }

    private void OnTick()
    {
        lock (_lock)
        {
            Refill(clock.GetUtcNow());
        }
    }

    /// <summary>Adds the tokens earned since the last refill at the current rate and lets waiting sends go with them.</summary>
    private void Refill(DateTimeOffset now)
    {
        Recover(now);
        if (_limit is { } limit)
        {
            _tokens = Math.Min(Math.Max(limit, 1), _tokens + (limit * (now - _refilled).TotalSeconds));
        }

        _refilled = now;
        while (_waiting.Count > 0 && (_limit is null || TakeToken()))
        {
            _waiting.Dequeue().TrySetResult();
        }

        if (_waiting.Count == 0 && _ticking is not null)
        {
            _ticking.Dispose();
            _ticking = null;
        }
    }

    private bool TakeToken()
    {
        // A tolerance for the sum of small fractions that should make a whole token.
        if (_tokens < 1 - 1e-9)
        {
            return false;
        }

        _tokens = Math.Max(0, _tokens - 1);
        return true;
    }

    private void Count(DateTimeOffset now)
    {
        var second = now.ToUnixTimeSeconds();
        if (second != _currentSecond)
        {
            _sendsLastSecond = second == _currentSecond + 1 ? _sendsThisSecond : 0;
            _sendsThisSecond = 0;
            _currentSecond = second;
        }

        _sendsThisSecond++;
    }

    private void Recover(DateTimeOffset now)
    {
        if (_limit is not { } limit || _lastDecrease is null)
        {
            return;
        }

        var seconds = Math.Floor((now - _lastIncrease) / Second);
        if (seconds < 1)
        {
            return;
        }

        _lastIncrease += seconds * Second;
        limit += _step * seconds;
        _limit = _ceiling is { } quota ? Math.Min(quota, limit) : limit >= _recoveredAt ? null : limit;
    }
}
