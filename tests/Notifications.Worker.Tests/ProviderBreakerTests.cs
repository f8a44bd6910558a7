using Microsoft.Extensions.Time.Testing;
using Notifications.Worker.Providers;

namespace Notifications.Worker.Tests;

public sealed class ProviderBreakerTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly ProviderBreaker _breaker;

    public ProviderBreakerTests() => _breaker = new ProviderBreaker(
        new ProviderBreakerOptions { DistinctFailingMessages = 3, FirstProbeDelay = TimeSpan.FromSeconds(1), MaxProbeDelay = TimeSpan.FromSeconds(4) }, _clock);

    [Fact]
    public async Task OneMessageFailingAgainAndAgainIsTheMessagesFailure()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.False(await _breaker.WaitAsync(CancellationToken.None));
            Assert.False(_breaker.Failed("order-1/email", probe: false));
        }

        Assert.Null(_breaker.UnavailableSince);
    }

    [Fact]
    public void AnAnswerBetweenFailuresOfDifferentMessagesKeepsTheProviderAvailable()
    {
        Assert.False(_breaker.Failed("a", probe: false));
        Assert.False(_breaker.Failed("b", probe: false));
        _breaker.Answered(probe: false);

        Assert.False(_breaker.Failed("c", probe: false));
        Assert.Null(_breaker.UnavailableSince);
    }

    [Fact]
    public async Task ThreeFailingMessagesMakeItUnavailableThenOneProbeAtATimeOnADoublingScheduleUntilItAnswers()
    {
        Assert.False(_breaker.Failed("a", probe: false));
        Assert.False(_breaker.Failed("b", probe: false));
        Assert.True(_breaker.Failed("c", probe: false));
        Assert.Equal(_clock.GetUtcNow(), _breaker.UnavailableSince);
        // A send that was in flight when the provider went away is not charged either.
        Assert.True(_breaker.Failed("d", probe: false));

        var first = _breaker.WaitAsync(CancellationToken.None);
        var second = _breaker.WaitAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(first.IsCompleted || second.IsCompleted);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var probe = await Task.WhenAny(first, second);
        Assert.True(await probe);
        var other = probe == first ? second : first;
        Assert.False(other.IsCompleted);

        // The probe fails: the next one is due 2 s later.
        Assert.True(_breaker.Failed("a", probe: true));
        _clock.Advance(TimeSpan.FromMilliseconds(1999));
        await Task.Yield();
        Assert.False(other.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await other.WaitAsync(TimeSpan.FromSeconds(5)));

        var waiting = _breaker.WaitAsync(CancellationToken.None);
        _breaker.Answered(probe: true);
        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Null(_breaker.UnavailableSince);
    }

    [Fact]
    public void TheNextOutageIsSignalledWhenTheProviderBecomesUnavailable()
    {
        var outage = _breaker.NextOutage;
        _breaker.Failed("a", probe: false);
        _breaker.Failed("b", probe: false);
        Assert.False(outage.IsCompleted);

        _breaker.Failed("c", probe: false);

        Assert.True(outage.IsCompletedSuccessfully);
        Assert.False(_breaker.NextOutage.IsCompleted);
    }

    [Fact]
    public async Task WaitingEndsWithItsCancellation()
    {
        _breaker.Failed("a", probe: false);
        _breaker.Failed("b", probe: false);
        _breaker.Failed("c", probe: false);
        using var stop = new CancellationTokenSource();

        var waiting = _breaker.WaitAsync(stop.Token);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
