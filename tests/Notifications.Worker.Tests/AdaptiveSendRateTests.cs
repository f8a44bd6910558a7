using Microsoft.Extensions.Time.Testing;
using Notifications.Worker.Providers;

namespace Notifications.Worker.Tests;

public sealed class AdaptiveSendRateTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task AQuotaAllowsOneSecondsWorthAtOnceThenSpacesSends()
    {
        var rate = new AdaptiveSendRate(10, _clock);

        var sends = Enumerable.Range(0, 12).Select(_ => rate.WaitAsync(CancellationToken.None)).ToList();

        Assert.All(sends.Take(10), s => Assert.True(s.IsCompleted));
        Assert.False(sends[10].IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        await sends[10].WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(sends[11].IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        await sends[11].WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void ThrottlingHalvesTheRateOnceASecondAndItClimbsBackByATenthOfTheQuotaASecondToTheQuota()
    {
        var rate = new AdaptiveSendRate(100, _clock);

        rate.Throttled();
        rate.Throttled();
        Assert.Equal(50, rate.Limit);
        _clock.Advance(TimeSpan.FromSeconds(1));
        rate.Throttled();
        // A second passed: +10 first, then halved.
        Assert.Equal(30, rate.Limit);

        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(60, rate.Limit);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(100, rate.Limit);
    }

    [Fact]
    public void ThrottlingThatGoesOnTakesTheRateDownToOneASecondButNotToNothing()
    {
        var rate = new AdaptiveSendRate(1000, _clock);
        for (var i = 0; i < 60; i++)
        {
            rate.Throttled();
            _clock.Advance(TimeSpan.FromSeconds(0.5));
        }

        Assert.Equal(1, rate.Limit);
    }

    [Fact]
    public async Task WithoutAQuotaThrottlingLimitsToHalfOfWhatWasSentAndTheLimitIsLiftedOnceBackThere()
    {
        var rate = new AdaptiveSendRate(null, _clock);
        for (var i = 0; i < 40; i++)
        {
            await rate.WaitAsync(CancellationToken.None);
        }

        Assert.Null(rate.Limit);
        rate.Throttled();
        Assert.Equal(20, rate.Limit);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(rate.Limit);
    }

    [Fact]
    public async Task SendsWaitingAtALowRateGoFasterAsTheRateClimbsBack()
    {
        var rate = new AdaptiveSendRate(null, _clock);
        for (var i = 0; i < 40; i++)
        {
            await rate.WaitAsync(CancellationToken.None);
        }

        rate.Throttled();
        var waiting = Enumerable.Range(0, 300).Select(_ => rate.WaitAsync(CancellationToken.None)).ToList();
        for (var step = 0; step < 10; step++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        // One second at 20 a second.
        await Task.WhenAll(waiting.Take(20)).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(waiting[21].IsCompleted);

        // At 20 a second the rest would take 14 s more; the limit is lifted within 5.
        for (var step = 0; step < 40; step++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Null(rate.Limit);
    }
}
