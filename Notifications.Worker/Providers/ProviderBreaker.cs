namespace Notifications.Worker.Providers;

/// <summary>
/// Tells a provider that is down from one message that fails. Transient failures of
/// <see cref="ProviderBreakerOptions.DistinctFailingMessages"/> different messages with no success in between make the
/// provider unavailable: sends wait (costing no attempts) while one probe at a time goes, after a delay that doubles up to
/// a maximum while probes fail. Any answer that is not such a failure (a success, a rejection, throttling) makes it
/// available again and releases the waiting sends.
/// </summary>
public sealed class ProviderBreaker(ProviderBreakerOptions options, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _failingSinceAnswer = [];
    private TaskCompletionSource _changed = NewSignal();
    private TaskCompletionSource _nextOutage = NewSignal();
    private DateTimeOffset? _unavailableSince;
    private DateTimeOffset _nextProbe;
    private TimeSpan _probeDelay;
    private bool _probing;

    /// <summary>Since when the provider has been unavailable; null while it is available.</summary>
    public DateTimeOffset? UnavailableSince
    {
        get
        {
            lock (_lock)
            {
                return _unavailableSince;
            }
        }
    }

    /// <summary>Completes when the provider next becomes unavailable.</summary>
    public Task NextOutage
    {
        get
        {
            lock (_lock)
            {
                return _nextOutage.Task;
            }
        }
    }

    /// <summary>Returns once a send may go: at once while available; else as the probe, or when the provider is back.</summary>
    /// <returns>True when this send is the probe: its outcome must be reported with <c>probe: true</c>.</returns>
    public async Task<bool> WaitAsync(CancellationToken ct)
    {
        while (true)
        {
            Task changed;
            TimeSpan untilProbe;
            bool probing;
            lock (_lock)
            {
                if (_unavailableSince is null)
                {
                    return false;
                }

                untilProbe = _nextProbe - clock.GetUtcNow();
                if (!_probing && untilProbe <= TimeSpan.Zero)
                {
                    _probing = true;
                    return true;
                }

                changed = _changed.Task;
                probing = _probing;
            }

            // Woken by a change (back, or a failed probe rescheduling), or when the probe is due; bounded by ct.
            await (probing ? changed : Task.WhenAny(changed, Task.Delay(untilProbe, clock, ct))).WaitAsync(ct);
        }
    }

    /// <summary>The provider answered (accepted, rejected the message, or throttled): it is available.</summary>
    public void Answered(bool probe)
    {
        lock (_lock)
        {
            _failingSinceAnswer.Clear();
            _probing &= !probe;
            if (_unavailableSince is not null)
            {
                _unavailableSince = null;
                Signal();
            }
        }
    }

    /// <summary>A send got a transient failure (network, timeout, 5xx).</summary>
    /// <returns>True when it is the provider's failure (the send waits and tries again, uncharged); false when it is the message's.</returns>
    public bool Failed(string messageId, bool probe)
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (probe)
            {
                _probing = false;
                _probeDelay = TimeSpan.FromTicks(Math.Min(_probeDelay.Ticks * 2, options.MaxProbeDelay.Ticks));
                _nextProbe = now + _probeDelay;
                Signal();
                return true;
            }

            if (_unavailableSince is not null)
            {
                // In flight when the provider went away.
                return true;
            }

            _failingSinceAnswer.Add(messageId);
            if (_failingSinceAnswer.Count < options.DistinctFailingMessages)
            {
                return false;
            }

            _failingSinceAnswer.Clear();
            _unavailableSince = now;
            _nextOutage.TrySetResult();
            _nextOutage = NewSignal();
            _probeDelay = options.FirstProbeDelay;
            _nextProbe = now + _probeDelay;
            return true;
        }
    }

    /// <summary>A probe that ended without an outcome (shutdown): the next waiting send may probe.</summary>
    public void Abandoned(bool probe)
    {
        if (!probe)
        {
            return;
        }

        lock (_lock)
        {
            _probing = false;
            Signal();
        }
    }

    private void Signal()
    {
        _changed.TrySetResult();
        _changed = NewSignal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
