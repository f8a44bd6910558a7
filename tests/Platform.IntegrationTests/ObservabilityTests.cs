using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using static Platform.IntegrationTests.CommerceEventsClient;

namespace Platform.IntegrationTests;

/// <summary>
/// What an operator relies on, checked on the running platform: one trace from an order event's producer to the SES and
/// SNS calls, JSON log lines with trace ids, and the catalogued metrics on every service's /metrics.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class ObservabilityTests(PlatformFixture platform)
{
    private static readonly string[] Services = ["reporting-api", "notifications-worker", "search-api"];

    [Fact]
    public async Task AnOrderEventsTraceReachesTheSesAndSnsCalls()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var customer = NewCustomer("en-US");
        var orderId = Random.Shared.NextInt64(10_000_000, 99_999_999);

        await platform.PublishAsync("commerce.orders", $"{orderId}", Envelope(Guid.NewGuid().ToString(), "commerce.order.created.v1",
            OrderCreated(orderId, customer, 42m)), traceParent: $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        var email = (await platform.Aws().WaitForMessagesAsync((string)customer["email"]!, 1, deadline.Token)).Single();
        var sms = (await platform.Aws().WaitForMessagesAsync((string)customer["phone"]!, 1, deadline.Token)).Single();

        Assert.StartsWith($"00-{traceId}-", email.TraceParent);
        Assert.StartsWith($"00-{traceId}-", sms.TraceParent);
        // Each call is its own span (the AWS client span), not the producer's.
        Assert.NotEqual(email.TraceParent, sms.TraceParent);
    }

    [Fact]
    public async Task EveryLogLineIsJsonAndRequestsAndMessagesCarryTheirTraceId()
    {
        // At least one request through each service, so that there are request lines to look at.
        using var search = platform.CreateSearchClient();
        await search.GetAsync("/api/search?q=sauce");

        foreach (var service in Services)
        {
            var lines = ProcessOutput(platform.LogsOf(service).Select(l => l[$"  [{service}] ".Length..])).ToList();
            Assert.NotEmpty(lines);
            foreach (var line in lines)
            {
                using var json = Parse(service, line);
                var entry = json.RootElement;
                Assert.True(entry.TryGetProperty("Timestamp", out _) && entry.TryGetProperty("LogLevel", out _)
                    && entry.TryGetProperty("Category", out _) && entry.TryGetProperty("Message", out _), $"{service}: {line}");
                var scopes = entry.TryGetProperty("Scopes", out var s) ? s.EnumerateArray().ToList() : [];
                var inRequest = scopes.Any(scope => scope.TryGetProperty("RequestId", out _));
                var processingMessage = entry.GetProperty("Category").GetString() == "Notifications.Worker.Delivery.NotificationProcessor";
                var traced = scopes.Any(scope => scope.TryGetProperty("TraceId", out var id) && id.GetString()!.Length == 32);
                Assert.True(!(inRequest || processingMessage) || traced, $"{service}: a request's or a message's line without a trace id: {line}");
            }
        }
    }

    [Fact]
    public async Task EveryServiceExposesItsCataloguedMetrics()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var customer = NewCustomer("en-US");
        var orderId = Random.Shared.NextInt64(10_000_000, 99_999_999);
        await platform.PublishAsync("commerce.orders", $"{orderId}", Envelope(Guid.NewGuid().ToString(), "commerce.order.created.v1",
            OrderCreated(orderId, customer, 42m)));
        await platform.Aws().WaitForMessagesAsync((string)customer["phone"]!, 1, deadline.Token);
        using var reporting = platform.CreateReportingClient(platform.AdminToken());
        (await reporting.GetAsync("/api/reports/orders/status?startDate=2025-01-01&endDate=2025-01-31")).EnsureSuccessStatusCode();
        using var search = platform.CreateSearchClient();
        await search.GetFromJsonAsync<JsonElement>("/api/search?q=sauce");
        // The indexer's lag is known once it has committed on its topic.
        await platform.SendSampleEventAsync("sample-product-changed");

        // Both consumers' lag comes with librdkafka's statistics, every 5 s (the dashboard's metrics page shows the same).
        await WaitForMetricAsync("notifications-worker",
            """platform_kafka_consumer_lag\{[^}]*messaging_consumer_group_name="notifications-worker"[^}]*messaging_destination_name="commerce.orders"[^}]*\} 0""",
            deadline.Token);
        await WaitForMetricAsync("search-api",
            """platform_kafka_consumer_lag\{[^}]*messaging_consumer_group_name="search-indexer"[^}]*messaging_destination_name="catalog.products"[^}]*\} 0""",
            deadline.Token);
        await WaitForMetricAsync("notifications-worker", """notifications_sent_total\{[^}]*channel="sms"[^}]*\} [1-9]""", deadline.Token);
        await WaitForMetricAsync("notifications-worker", """notifications_ledger_unrecorded_seconds_count(\{[^}]*\})? [1-9]""", deadline.Token);
        await WaitForMetricAsync("notifications-worker", """notifications_provider_unavailable_seconds\{[^}]*provider="sns"[^}]*\} 0""", deadline.Token);
        await WaitForMetricAsync("notifications-worker",
            """platform_kafka_process_duration_seconds_count\{[^}]*messaging_destination_name="commerce.orders"[^}]*\} [1-9]""", deadline.Token);
        await WaitForMetricAsync("reporting-api",
            """http_server_request_duration_seconds_count\{[^}]*http_route="/api/reports/orders/status"[^}]*\} [1-9]""", deadline.Token);
        await WaitForMetricAsync("reporting-api", """db_client_operation_duration_seconds_count\{[^}]*\} [1-9]""", deadline.Token);
        await WaitForMetricAsync("search-api", """search_engine_duration_seconds_count\{[^}]*operation="search"[^}]*\} [1-9]""", deadline.Token);
        await WaitForMetricAsync("search-api", """search_index_updates_total\{[^}]*source="reindex"[^}]*\} [1-9]""", deadline.Token);
    }

    /// <summary>
    /// The lines the service's process wrote, without the timestamp Aspire puts before each: what follows its start,
    /// less the orchestrator's own lines about the resource (its waits and <c>[sys]</c> process events).
    /// </summary>
    private static IEnumerable<string> ProcessOutput(IEnumerable<string> lines)
    {
        var started = false;
        foreach (var line in lines.Select(l => TimestampPrefix().Replace(l, "", 1)))
        {
            started |= line.StartsWith("[sys] Starting process", StringComparison.Ordinal);
            if (started && !OrchestratorLine().IsMatch(line))
            {
                yield return line;
            }
        }
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT[\d:.]+Z ")]
    private static partial Regex TimestampPrefix();

    [GeneratedRegex(@"^(\[sys\] |Waiting for resource|Finished waiting for resource|No custom certificate authorities)")]
    private static partial Regex OrchestratorLine();

    private async Task WaitForMetricAsync(string service, string pattern, CancellationToken deadline)
    {
        using var http = platform.CreateServiceClient(service, "");
        var regex = new Regex(pattern, RegexOptions.Multiline);
        // The samples only, without the help lines, so that a failure shows what there was.
        await Eventually.ValueAsync(async () => string.Join('\n', (await http.GetStringAsync("/metrics", deadline)).Split('\n').Where(l => !l.StartsWith('#'))),
            regex.IsMatch, $"{service}: a line matching {pattern}", deadline: deadline);
    }

    private static JsonDocument Parse(string service, string line)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"{service} logged a line that is not JSON ({e.Message}): {line}");
        }
    }
}
