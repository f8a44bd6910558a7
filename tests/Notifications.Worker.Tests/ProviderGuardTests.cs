using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Time.Testing;
using Notifications.Worker.Delivery;
using Notifications.Worker.Providers;

namespace Notifications.Worker.Tests;

public sealed class ProviderGuardTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;
    private readonly ProviderGuard _guard;

    public ProviderGuardTests()
    {
        _services = new ServiceCollection().AddMetrics().AddSingleton<IHostEnvironment>(new HostingEnvironment { ApplicationName = "test" })
            .AddSingleton<TimeProvider>(_clock).AddSingleton<NotificationMetrics>().BuildServiceProvider();
        var breaker = new ProviderBreaker(new ProviderBreakerOptions { DistinctFailingMessages = 2, FirstProbeDelay = TimeSpan.FromSeconds(1) }, _clock);
        _guard = new ProviderGuard("ses", 8, breaker, new AdaptiveSendRate(100, _clock), _services.GetRequiredService<NotificationMetrics>());
    }

    [Fact]
    public async Task AThrottledSendIsTriedAgainWithoutFailingAndTheRateComesDown()
    {
        var answers = new Queue<Func<string?>>([Throw(429, "TooManyRequestsException"), () => "id-1"]);

        var id = await _guard.SendAsync("e1/email", _ => Task.FromResult(answers.Dequeue()()), CancellationToken.None);

        Assert.Equal("id-1", id);
        Assert.Equal(50, _guard.SendRateLimit);
    }

    [Fact]
    public async Task AMessageFailingAloneGetsItsFailureWhileAFailingProviderMakesSendsWaitUncharged()
    {
        var providerDown = true;
        Task<string?> Send(CancellationToken _) => providerDown ? Task.FromException<string?>(new ProviderException(503, "ServiceUnavailable", transient: true)) : Task.FromResult<string?>("ok");

        // The first message's failure is its own (the provider may be fine)...
        await Assert.ThrowsAsync<ProviderException>(() => _guard.SendAsync("e1/email", Send, CancellationToken.None));
        // ...the second distinct one makes the provider unavailable: that send waits instead of failing.
        var waiting = _guard.SendAsync("e2/email", Send, CancellationToken.None);
        Assert.NotNull(_guard.UnavailableSince);
        Assert.False(waiting.IsCompleted);

        providerDown = false;
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("ok", await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Null(_guard.UnavailableSince);
    }

    [Fact]
    public async Task ARejectionIsTheMessagesAndProvesTheProviderAnswers()
    {
        var failure = await Assert.ThrowsAsync<ProviderException>(() =>
            _guard.SendAsync("e1/email", _ => Task.FromResult(Throw(400, "MessageRejected")()), CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Null(_guard.UnavailableSince);
    }

    private static Func<string?> Throw(int status, string code) => () => throw ProviderException.FromAnswer(status, code);

    public void Dispose() => _services.Dispose();
}
