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
        _guard = new ProviderGuard("ses", 8, breaker, new AdaptiveSendRate(100, _clock), _services.GetRequiredService<NotificationMetrics>(), _clock);
    }

    [Fact]
    public async Task AThrottledSendIsTriedAgainWithoutFailingAndTheRateComesDown()
    {
        var answers = new Queue<Func<string?>>([Throw(429, "TooManyRequestsException"), () => "id-1"]);

        var recorded = new List<string?>();
        await _guard.SendAsync("e1/email", _ => Task.FromResult(answers.Dequeue()()), Record(recorded), CancellationToken.None);

        Assert.Equal(["id-1"], recorded);
        Assert.Equal(50, _guard.SendRateLimit);
    }

    [Fact]
    public async Task AThrottledSendWaitsAtLeastTheRetryAfterTheProviderNamed()
    {
        var answers = new Queue<Func<string?>>([() => throw ProviderException.FromAnswer(429, "QUOTA_EXCEEDED", TimeSpan.FromSeconds(2)), () => "id-1"]);
        var recorded = new List<string?>();

        var sending = _guard.SendAsync("e1/push/d1", _ => Task.FromResult(answers.Dequeue()()), Record(recorded), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1.9));
        var early = sending.IsCompleted;
        _clock.Advance(TimeSpan.FromSeconds(0.2));
        await sending.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(early);
        Assert.Equal(["id-1"], recorded);
    }

    [Fact]
    public async Task AMessageFailingAloneGetsItsFailureWhileAFailingProviderMakesSendsWaitUncharged()
    {
        var providerDown = true;
        Task<string?> Send(CancellationToken _) => providerDown ? Task.FromException<string?>(new ProviderException(503, "ServiceUnavailable", transient: true)) : Task.FromResult<string?>("ok");

        // The first message's failure is its own (the provider may be fine)...
        var recorded = new List<string?>();
        await Assert.ThrowsAsync<ProviderException>(() => _guard.SendAsync("e1/email", Send, Record(recorded), CancellationToken.None));
        // ...the second distinct one makes the provider unavailable: that send waits instead of failing.
        var waiting = _guard.SendAsync("e2/email", Send, Record(recorded), CancellationToken.None);
        Assert.NotNull(_guard.UnavailableSince);
        Assert.False(waiting.IsCompleted);

        providerDown = false;
        _clock.Advance(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["ok"], recorded);
        Assert.Null(_guard.UnavailableSince);
    }

    [Fact]
    public async Task ARejectionIsTheMessagesAndProvesTheProviderAnswers()
    {
        var failure = await Assert.ThrowsAsync<ProviderException>(() =>
            _guard.SendAsync("e1/email", _ => Task.FromResult(Throw(400, "MessageRejected")()), Record([]), CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Null(_guard.UnavailableSince);
    }

    [Fact]
    public async Task ASendHoldsItsSlotUntilItIsRecordedSoACrashCanRepeatNoMoreThanTheSlots()
    {
        var recording = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = 0;
        Task<string?> Send(CancellationToken _) => Task.FromResult<string?>($"id-{Interlocked.Increment(ref sent)}");

        var held = Enumerable.Range(0, 8).Select(i => _guard.SendAsync($"e{i}/email", Send, (_, _) => recording.Task, CancellationToken.None)).ToList();
        var ninth = _guard.SendAsync("e8/email", Send, Record([]), CancellationToken.None);

        Assert.Equal(8, sent);
        Assert.False(ninth.IsCompleted);
        recording.SetResult();
        await Task.WhenAll([.. held, ninth]).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(9, sent);
    }

    private static Func<string?, CancellationToken, Task> Record(List<string?> recorded) => (id, _) =>
    {
        recorded.Add(id);
        return Task.CompletedTask;
    };

    private static Func<string?> Throw(int status, string code) => () => throw ProviderException.FromAnswer(status, code);

    public void Dispose() => _services.Dispose();
}
