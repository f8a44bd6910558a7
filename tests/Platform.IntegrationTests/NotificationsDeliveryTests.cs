using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Platform.IntegrationTests.CommerceEventsClient;

namespace Platform.IntegrationTests;

/// <summary>
/// Delivery under faults that last: a provider down for a minute, throttling for half a minute, one recipient that always
/// fails, and the worker killed in the middle of a burst. Every event is counted by order (each has its own), per channel.
/// </summary>
[Collection(LastingFaultsCollection.Name)]
public sealed partial class NotificationsDeliveryTests(LastingFaultsPlatformFixture platform, ITestOutputHelper output) : IDisposable
{

    /// <summary>The resource property with a project's process id (as the dashboard shows it).</summary>
    private const string ExecutablePid = "executable.pid";
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);
    private readonly CancellationTokenSource _deadline = new(Bound);

    private CancellationToken Deadline => _deadline.Token;

    [Fact]
    public async Task SesDownForAMinuteDeadLettersNothingKeepsSmsFlowingAndDeliversEachEmailOnceSoonAfter()
    {
        var customer = NewCustomer("en");
        var orders = NewOrders(2000);
        var outage = TimeSpan.FromSeconds(60);
        platform.Aws().StartOutage("ses", outage, 503);
        var outageEnds = DateTimeOffset.UtcNow + outage;
        var produced = await PublishCreatedAsync(customer, orders);

        // Every SMS goes while SES is down, and the worker says SES is unavailable without calling itself unhealthy.
        await Eventually.TrueAsync(() => Count(customer, "sns", orders).Count == orders.Count, "every SMS accepted", Bound);
        var health = await WorkerHealthAsync();
        Assert.True(DateTimeOffset.UtcNow < outageEnds, "The SMS had to wait for SES.");
        Assert.Empty(Count(customer, "ses", orders));
        Assert.Equal("Degraded", health["status"]!.GetValue<string>());
        Assert.Equal("Degraded", health["checks"]!["providers"]!["status"]!.GetValue<string>());
        Assert.Contains("ses unavailable", health["checks"]!["providers"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);

        await Eventually.TrueAsync(() => Count(customer, "ses", orders).Count == orders.Count, "every email accepted", Bound);
        var lastEmail = platform.Aws().Messages.Where(m => m.To.Contains(Email(customer))).Max(m => m.ReceivedAt);
        output.WriteLine($"last email accepted {(lastEmail - outageEnds).TotalSeconds:F1} s after SES came back");
        Assert.True(lastEmail - outageEnds < TimeSpan.FromSeconds(15), $"The backlog took {(lastEmail - outageEnds).TotalSeconds:F1} s after SES came back.");
        await AssertEachOnceAndNoDeadLetterAsync(customer, orders, produced);
        Assert.Equal("Healthy", (await WorkerHealthAsync())["checks"]!["providers"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task SesThrottlingForHalfAMinuteDeadLettersNothingAndTheSendRateFallsThenClimbsBackToTheQuota()
    {
        var customer = NewCustomer("en", withPhone: false);
        var orders = NewOrders(300);
        var throttling = TimeSpan.FromSeconds(30);
        platform.Aws().StartOutage("ses", throttling, 429);
        var throttlingEnds = DateTimeOffset.UtcNow + throttling;
        var produced = await PublishCreatedAsync(customer, orders);

        var lowest = double.MaxValue;
        while (DateTimeOffset.UtcNow < throttlingEnds)
        {
            lowest = Math.Min(lowest, await SesRateLimitAsync() ?? double.MaxValue);
            await Task.Delay(500, Deadline);
        }

        await Eventually.TrueAsync(() => Count(customer, "ses", orders).Count == orders.Count, "every email accepted", Bound);
        var recovered = await Eventually.TrueAsync(async () => await SesRateLimitAsync() is PlatformFixture.SesQuota, "the SES send rate back at the quota", Bound);
        output.WriteLine($"SES send rate limit: lowest {lowest:F0}/s while throttled, back at {PlatformFixture.SesQuota}/s " +
            $"{(recovered - throttlingEnds).TotalSeconds:F1} s after throttling ended");
        Assert.InRange(lowest, 1, PlatformFixture.SesQuota / 2);
        await AssertEachOnceAndNoDeadLetterAsync(customer, orders, produced);
    }

    [Fact]
    public async Task ARecipientThatAlwaysFailsIsDeadLetteredAfterFourAttemptsOnTheScheduleWhileOtherOrdersOfItsPartitionGo()
    {
        var failing = NewCustomer("en", withPhone: false);
        var others = NewCustomer("en", withPhone: false);
        platform.Aws().FailRecipient("ses", Email(failing), 503);
        var failingOrder = NewOrders(1);
        var eventId = Guid.NewGuid().ToString();
        var first = await platform.PublishAsync(OrdersTopic, $"{failingOrder[0]}", Envelope(eventId, Created, OrderCreated(failingOrder[0], failing, 10m)));

        // Other orders produced behind it; those on its partition are what it must not hold up.
        var orders = NewOrders(60);
        var producing = DateTimeOffset.UtcNow;
        var produced = await PublishCreatedAsync(others, orders);
        var samePartition = produced.Where(p => p.Partition == first.Partition).Select(p => long.Parse(p.Message.Key, CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(samePartition);

        var deadLetter = await platform.WaitForDeadLetterAsync(d => d.Header("dlq-event-id") == eventId, Deadline);
        var attempts = platform.Aws().Requests.Where(r => r.Recipient == Email(failing)).Select(r => r.ReceivedAt).ToList();
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => b - a).ToList();
        output.WriteLine($"attempts {string.Join(", ", attempts.Select(a => a.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)))}");

        Assert.Equal("retries-exhausted", deadLetter.Header("dlq-reason-code"));
        Assert.Equal("4", deadLetter.Header("dlq-attempts"));
        Assert.Equal(4, attempts.Count);
        for (var i = 0; i < 3; i++)
        {
            // The schedule, plus up to a tenth of jitter and some slack for a busy machine; never earlier.
            Assert.InRange(gaps[i], PlatformFixture.RetrySchedule[i], (PlatformFixture.RetrySchedule[i] * 1.1) + TimeSpan.FromSeconds(3));
        }

        // The other orders of its partition were each delivered within seconds, while it was still being retried.
        var delivered = platform.Aws().Messages.Where(m => m.To.Contains(Email(others))).ToDictionary(m => OrderOf(m.Subject!), m => m.ReceivedAt);
        Assert.All(samePartition, order => Assert.True(delivered[order] < attempts[^1] && delivered[order] - producing < TimeSpan.FromSeconds(3),
            $"Order {order} waited for the failing one: produced from {producing:HH:mm:ss.fff}, delivered {delivered[order]:HH:mm:ss.fff}."));
        Assert.Equal(orders.Count, delivered.Count);
    }

    [Fact]
    public async Task TwoEventsOfOneOrderGoInOrderAlsoWhileTheFirstIsRetried()
    {
        var customer = NewCustomer("en");
        var order = NewOrders(1)[0];
        platform.Aws().FailNext("ses", [503, 503]);
        await platform.PublishManyAsync(OrdersTopic, [
            ($"{order}", Envelope(Guid.NewGuid().ToString(), Created, OrderCreated(order, customer, 10m))),
            ($"{order}", Envelope(Guid.NewGuid().ToString(), Shipped, OrderShipped(order, customer, "1Z42")))]);

        var emails = await platform.Aws().WaitForMessagesAsync(Email(customer), 2, Deadline);
        var sms = await platform.Aws().WaitForMessagesAsync(Phone(customer), 2, Deadline);

        Assert.Equal([503, 503, 200, 200], platform.Aws().Requests.Where(r => r.Recipient == Email(customer)).Select(r => r.Status));
        Assert.Equal(["confirmed", "has shipped"], emails.OrderBy(m => m.ReceivedAt).Select(m => m.Subject!.Contains("confirmed", StringComparison.Ordinal) ? "confirmed" : "has shipped"));
        Assert.Equal(["confirmed", "shipped"], sms.OrderBy(m => m.ReceivedAt).Select(m => m.Text!.Contains("confirmed", StringComparison.Ordinal) ? "confirmed" : "shipped"));
        // The shipping notice's SMS waited for the confirmation's email, retries and all.
        Assert.True(sms.Max(m => m.ReceivedAt) > emails.Min(m => m.ReceivedAt));
    }

    [Fact]
    public async Task TheWorkerKilledInTheMiddleOfABurstLosesNothingAndCountsWhatItSentTwice()
    {
        var customer = NewCustomer("en", withPhone: false);
        var orders = NewOrders(3000);
        var produced = await PublishCreatedAsync(customer, orders);
        await Eventually.TrueAsync(() => Count(customer, "ses", orders).Count >= 1000, "a third of the burst accepted", Bound);

        var pid = await WorkerPidAsync();
        Process.GetProcessById(pid).Kill(entireProcessTree: true);
        var atKill = Count(customer, "ses", orders).Count;
        await platform.App.ResourceNotifications.WaitForResourceAsync("notifications-worker", KnownResourceStates.TerminalStates, Deadline);
        var commands = platform.App.Services.GetRequiredService<ResourceCommandService>();
        var started = await commands.ExecuteCommandAsync("notifications-worker", KnownResourceCommands.StartCommand, Deadline);
        Assert.True(started.Success, started.Message);
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("notifications-worker", Deadline);

        await platform.WaitForCommittedAsync(produced.Select(p => p.TopicPartitionOffset), Deadline);
        var counts = Count(customer, "ses", orders);
        var lost = orders.Where(o => !counts.ContainsKey(o)).ToList();
        var twice = counts.Where(c => c.Value > 1).Select(c => c.Key).ToList();
        output.WriteLine($"killed (SIGKILL) with {atKill} of {orders.Count} emails accepted; after the restart: lost {lost.Count}, " +
            $"sent twice {twice.Count} ({string.Join(", ", twice.Take(20))})");
        Assert.Empty(lost);
        // At most the sends in flight at the kill, accepted but not yet in the ledger.
        Assert.InRange(twice.Count, 0, 64);
    }

    private async Task<List<DeliveryResult<string, byte[]>>> PublishCreatedAsync(JsonObject customer, List<long> orders) =>
        await platform.PublishManyAsync(OrdersTopic, orders.Select(o => ($"{o}", Envelope(Guid.NewGuid().ToString(), Created, OrderCreated(o, customer, 10m)))));

    /// <summary>Orders no other test uses: a random block.</summary>
    private static List<long> NewOrders(int count)
    {
        var first = Random.Shared.NextInt64(10_000_000, 90_000_000);
        return [.. Enumerable.Range(0, count).Select(i => first + i)];
    }

    /// <summary>Messages accepted for the customer per order of <paramref name="orders"/>, through one service.</summary>
    private Dictionary<long, int> Count(JsonObject customer, string service, List<long> orders)
    {
        var recipient = service == "ses" ? Email(customer) : Phone(customer);
        var wanted = orders.ToHashSet();
        return platform.Aws().Messages
            .Where(m => m.Service == service && m.To.Contains(recipient))
            .Select(m => OrderOf(m.Subject ?? m.Text!))
            .Where(wanted.Contains)
            .GroupBy(o => o)
            .ToDictionary(g => g.Key, g => g.Count());
    }

    private async Task AssertEachOnceAndNoDeadLetterAsync(JsonObject customer, List<long> orders, List<DeliveryResult<string, byte[]>> produced)
    {
        await platform.WaitForCommittedAsync(produced.Select(p => p.TopicPartitionOffset), Deadline);
        foreach (var service in customer["phone"] is null ? new[] { "ses" } : ["ses", "sns"])
        {
            var counts = Count(customer, service, orders);
            Assert.Equal(orders.Count, counts.Count);
            Assert.All(counts, c => Assert.Equal(1, c.Value));
        }

        var keys = orders.Select(o => $"{o}").ToHashSet();
        Assert.DoesNotContain(await platform.ReadDeadLettersAsync(Deadline), d => keys.Contains(d.Message.Key));
    }

    private async Task<JsonObject> WorkerHealthAsync()
    {
        using var worker = platform.App.CreateHttpClient("notifications-worker", "http");
        using var response = await worker.GetAsync("/health", Deadline);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Deadline))!;
    }

    /// <summary>The worker's SES send rate limit as Prometheus scrapes it; null when there is none.</summary>
    private async Task<double?> SesRateLimitAsync()
    {
        using var worker = platform.App.CreateHttpClient("notifications-worker", "http");
        var match = RateLimitLine().Match(await worker.GetStringAsync("/metrics", Deadline));
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    private async Task<int> WorkerPidAsync()
    {
        var running = await platform.App.ResourceNotifications.WaitForResourceAsync("notifications-worker",
            e => e.Snapshot.Properties.Any(p => p.Name == ExecutablePid && p.Value is not null), Deadline);
        return Convert.ToInt32(running.Snapshot.Properties.Single(p => p.Name == ExecutablePid).Value, CultureInfo.InvariantCulture);
    }



    private static long OrderOf(string text) => long.Parse(OrderNumber().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);

    private static string Email(JsonObject customer) => customer["email"]!.GetValue<string>();

    private static string Phone(JsonObject customer) => customer["phone"]!.GetValue<string>();

    [GeneratedRegex(@"20261127(\d+)")]
    private static partial Regex OrderNumber();

    [GeneratedRegex("""^notifications_provider_send_rate_limit\w*\{[^}]*provider="ses"[^}]*\} (\S+)""", RegexOptions.Multiline)]
    private static partial Regex RateLimitLine();

    public void Dispose()
    {
        platform.Aws().ClearFaults();
        _deadline.Dispose();
    }
}
