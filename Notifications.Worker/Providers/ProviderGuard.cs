using Notifications.Worker.Delivery;

namespace Notifications.Worker.Providers;

/// <summary>
/// Every send to one provider goes through here: it waits while the provider is unavailable (<see cref="ProviderBreaker"/>),
/// for a slot under the send rate (<see cref="AdaptiveSendRate"/>) and for one of the concurrent sends, held until the
/// accepted send is recorded: so a crash can send again at most that many messages. Throttling (for at least the
/// <c>Retry-After</c> the provider named, in this message's lane only) and the
/// provider's own failures are waited out here, costing the message no attempt; only a failure that is the message's own
/// reaches the caller, whose retry schedule it is.
/// </summary>
public sealed class ProviderGuard(
    string provider, int maxConcurrentSends, ProviderBreaker breaker, AdaptiveSendRate rate, NotificationMetrics metrics, TimeProvider clock)
{
    private readonly SemaphoreSlim _concurrency = new(maxConcurrentSends, maxConcurrentSends);

    /// <summary>The provider's name as metrics and health show it (<c>ses</c>, <c>sns</c>).</summary>
    public string Provider { get; } = provider;

    public DateTimeOffset? UnavailableSince => breaker.UnavailableSince;

    /// <summary>
    /// Completes when the provider next becomes unavailable: a message failure seen just before is then the provider's
    /// after all (the first messages of an outage fail before it can be told from theirs).
    /// </summary>
    public Task NextOutage => breaker.NextOutage;

    /// <summary>Sends a second allowed now; null for no limit.</summary>
    public double? SendRateLimit => rate.Limit;

    /// <param name="messageId">Which message this is (event id and channel), to tell one failing message from a failing provider.</param>
    /// <param name="recordAccepted">Records the accepted send (with the provider's message id), before its slot is let go.</param>
    /// <exception cref="ProviderException">A rejection, or a transient failure of this message while the provider serves others.</exception>
    public async Task SendAsync(
        string messageId, Func<CancellationToken, Task<string?>> send, Func<string?, CancellationToken, Task> recordAccepted, CancellationToken ct)
    {
        while (true)
        {
            var probe = await breaker.WaitAsync(ct);
            var outcome = false;
            try
            {
                await rate.WaitAsync(ct);
                await _concurrency.WaitAsync(ct);
                try
                {
                    var id = await send(ct);
                    breaker.Answered(probe);
                    outcome = true;
                    await recordAccepted(id, ct);
                    return;
                }
                finally
                {
                    _concurrency.Release();
                }
            }
            catch (ProviderException e) when (e.Throttled)
            {
                breaker.Answered(probe);
                outcome = true;
                rate.Throttled();
                metrics.ProviderWaited(Provider, "throttled");
                if (e.RetryAfter is { } retryAfter)
                {
                    await Task.Delay(retryAfter, clock, ct);
                }
            }
            catch (ProviderException e) when (e.Transient)
            {
                outcome = true;
                if (!breaker.Failed(messageId, probe))
                {
                    throw;
                }

                metrics.ProviderWaited(Provider, "unavailable");
            }
            catch (ProviderException)
            {
                breaker.Answered(probe);
                outcome = true;
                throw;
            }
            finally
            {
                if (!outcome)
                {
                    breaker.Abandoned(probe);
                }
            }
        }
    }
}
