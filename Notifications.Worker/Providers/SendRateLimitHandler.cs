using System.Threading.RateLimiting;

namespace Notifications.Worker.Providers;

/// <summary>
/// Holds each request to a provider until its per-second quota has room (SES and SNS quotas are per second): sends
/// wait in order rather than being throttled; a throttling answer that still comes back is retried with backoff.
/// </summary>
public sealed class SendRateLimitHandler(RateLimiter limiter) : DelegatingHandler
{
    /// <summary>
    /// <paramref name="perSecond"/> sends a second, shared by every handler of one provider (the client factory
    /// recreates handlers, the quota stays).
    /// </summary>
    public static RateLimiter PerSecond(int perSecond) => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
    {
        TokenLimit = perSecond,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var lease = await limiter.AcquireAsync(1, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
