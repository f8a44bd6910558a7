namespace Notifications.Worker.Providers;

/// <summary>
/// A provider's send rate: the account's quota as the ceiling (none when unknown), lowered when the provider throttles
/// (halved, at most once a second, down to one send a second) and raised again by a tenth of the starting rate each
/// second without throttling (additive increase, multiplicative decrease). Sends are spaced by the generic cell rate
/// algorithm with a burst of one second's worth, so the rate is a per-second quota like SES's and SNS's.
/// </summary>
public sealed class AdaptiveSendRate(double? ceiling, TimeProvider clock)
{
    private const double MinimumRate = 1;
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private readonly Lock _lock = new();
    private readonly double? _ceiling = ceiling;
    private double? _limit = ceiling;
    private double _recoveredAt;
    private double _step;
    private DateTimeOffset _lastDecrease = DateTimeOffset.MinValue;
    private DateTimeOffset _lastIncrease;
    private DateTimeOffset _theoreticalArrival = DateTimeOffset.MinValue;
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

    /// <summary>Waits for this send's slot under the current limit.</summary>
    public async Task WaitAsync(CancellationToken ct)
    {
        var delay = Reserve();
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, clock, ct);
        }
    }

    /// <summary>The provider throttled a send.</summary>
    public void Throttled()
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            Recover(now);
            if (now - _lastDecrease < Second)
            {
                // One burst of throttling answers is one signal.
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
            _lastDecrease = now;
            _lastIncrease = now;
        }
    }

    private TimeSpan Reserve()
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            Count(now);
            Recover(now);
            if (_limit is not { } limit)
            {
                return TimeSpan.Zero;
            }

            var interval = TimeSpan.FromSeconds(1 / limit);
            var tolerance = Second - interval;
            var arrival = _theoreticalArrival > now ? _theoreticalArrival : now;
            _theoreticalArrival = arrival + interval;
            return arrival - tolerance > now ? arrival - tolerance - now : TimeSpan.Zero;
        }
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
        if (_limit is not { } limit || _lastDecrease == DateTimeOffset.MinValue)
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
