using System.Net;
using System.Threading.RateLimiting;
using Notifications.Worker.Providers;

namespace Notifications.Worker.Tests;

public sealed class SendRateLimitTests
{
    [Fact]
    public async Task ASendWaitsForTheLimiterAndSendsGoInOrder()
    {
        // One permit, held while the provider "works" on the first send: the second must wait at the limiter.
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 10, QueueProcessingOrder = QueueProcessingOrder.OldestFirst });
        var provider = new GatedProvider();
        using var http = new HttpClient(new SendRateLimitHandler(limiter) { InnerHandler = provider });

        var first = http.GetAsync("http://aws.local/1");
        await provider.Arrived.Task;
        var second = http.GetAsync("http://aws.local/2");

        Assert.Equal(["/1"], provider.Received);
        Assert.False(second.IsCompleted);
        provider.Gate.SetResult();
        (await first).Dispose();
        (await second).Dispose();
        Assert.Equal(["/1", "/2"], provider.Received);
    }

    [Fact]
    public void TheQuotaIsATokenBucketOfThatManySendsASecond()
    {
        using var limiter = Assert.IsType<TokenBucketRateLimiter>(SendRateLimitHandler.PerSecond(14));

        Assert.Equal(TimeSpan.FromSeconds(1), limiter.ReplenishmentPeriod);
        Assert.Equal(14, limiter.GetStatistics()!.CurrentAvailablePermits);
        Assert.True(limiter.IsAutoReplenishing);
    }

    private sealed class GatedProvider : HttpMessageHandler
    {
        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Received { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Received)
            {
                Received.Add(request.RequestUri!.AbsolutePath);
            }

            Arrived.TrySetResult();
            await Gate.Task;
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
