using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AppHost.Infrastructure.Aws;
using BenchmarkSupport;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

// Notifications benchmark (see README, "Notifications performance"): boots the AppHost in local mode, warms the worker
// up with 1,000 events, then
// 1. a steady rate (default 100 events/s for 30 s): latency from produce to the local SES endpoint accepting the email;
// 2. a burst (default 50,000 events): sustained throughput, events (each an email and an SMS) per second end to end;
// 3. the raw consume rate of the same messages by a plain consumer group, to state the worker's cost as a ratio;
// 4. an SES outage (default 60 s) with the steady rate arriving: how long after SES is back the backlog is sent;
// 5. the crash window: from the provider accepting a message to its ledger row, for every message of the run;
// and the worker's memory after each phase.
var burst = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
var steadyRate = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
var steadySeconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
var outageSeconds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 60;
const string Topic = "commerce.orders";
string[] phases = ["warmup", "steady", "burst", "outage"];
var eventOf = new Dictionary<string, string>();

var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Infrastructure:Mode=local", "--DevelopmentIdentity:Port=0"]);
builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));

await using var app = await builder.BuildAsync();
using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(5));
await app.StartAsync(startup.Token);
// Every service, not only the worker: their start (the search reindex, the first rollup load) would share the cores.
await Task.WhenAll(new[] { "notifications-worker", "reporting-api", "search-api" }
    .Select(r => app.ResourceNotifications.WaitForResourceHealthyAsync(r, startup.Token)));
var aws = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<LocalAwsResource>().Single().Endpoint!;
var bootstrap = (await app.GetConnectionStringAsync("kafka"))!;
using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true, LingerMs = 5 }).Build();

// 0. Warm-up (JIT, connection pools, templates), not measured.
const int WarmUp = 1_000;
for (var i = 0; i < WarmUp; i++)
{
    producer.Produce(Topic, Event("warmup", i));
}

producer.Flush();
await WaitForAsync(() => aws.Messages.Count >= 2 * WarmUp, TimeSpan.FromMinutes(5));

// 1. Steady rate.
var steady = steadyRate * steadySeconds;
var producedAt = new Dictionary<string, DateTimeOffset>();
await ProduceSteadilyAsync("steady", steady);
await WaitForAsync(() => aws.Messages.Count >= 2 * (WarmUp + steady), TimeSpan.FromMinutes(5));
var latencies = Latencies("steady-");
Console.WriteLine($"steady {steadyRate} events/s for {steadySeconds} s ({steady:N0} events, {2 * steady:N0} messages): " +
    $"produce → SES accepted p50 {Measurements.Percentile(latencies, 0.50):F0} ms, p99 {Measurements.Percentile(latencies, 0.99):F0} ms, max {latencies[^1]:F0} ms");
Console.WriteLine($"worker memory after the steady phase: {await MemoryAsync()}");

// 2. Burst.
var before = aws.Messages.Count;
var clock = Stopwatch.StartNew();
for (var i = 0; i < burst; i++)
{
    producer.Produce(Topic, Event("burst", i));
}

producer.Flush();
var produceSeconds = clock.Elapsed.TotalSeconds;
var peak = await MemoryPeakWhileAsync(() => aws.Messages.Count < before + 2 * burst, TimeSpan.FromMinutes(30));
var burstSeconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"burst of {burst:N0} events ({2 * burst:N0} messages): produced in {produceSeconds:F1} s, all accepted after {burstSeconds:F1} s: " +
    $"{burst / burstSeconds:F0} events/s ({2 * burst / burstSeconds:F0} messages/s) end to end");
Console.WriteLine($"worker memory during the burst at most: working set {peak.WorkingSetMiB:F0} MiB, GC heap {peak.GcHeapMiB:F0} MiB; after it: {await MemoryAsync()}");

// 3. Raw consume rate of the same topic.
using (var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
{
    BootstrapServers = bootstrap,
    GroupId = $"benchmark-{Guid.NewGuid():N}",
    AutoOffsetReset = AutoOffsetReset.Earliest,
    EnableAutoCommit = false,
}).Build())
{
    consumer.Subscribe(Topic);
    var read = 0;
    clock.Restart();
    while (read < WarmUp + steady + burst && clock.Elapsed < TimeSpan.FromMinutes(5))
    {
        if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { Message: not null })
        {
            read++;
        }
    }

    var rate = read / clock.Elapsed.TotalSeconds;
    Console.WriteLine($"raw consume of the topic by a plain consumer group: {read:N0} messages in {clock.Elapsed.TotalSeconds:F1} s, {rate:F0}/s; " +
        $"the worker reaches {burst / burstSeconds / rate:P1} of it");
}

// 4. SES down while events keep arriving at the steady rate: the backlog drains by itself once SES is back.
var outage = outageSeconds * steadyRate;
aws.StartOutage("ses", TimeSpan.FromSeconds(outageSeconds), 503);
var backAt = DateTimeOffset.UtcNow.AddSeconds(outageSeconds);
var total = aws.Messages.Count;
await ProduceSteadilyAsync("outage", outage);
await WaitForAsync(() => aws.Messages.Count >= total + 2 * outage, TimeSpan.FromMinutes(5));
var outageEmails = aws.Messages.Where(m => m.Service == "ses" && m.To[0].StartsWith("outage-", StringComparison.Ordinal)).ToList();
var outageSms = Latencies("outage-", "sns");
Console.WriteLine($"SES down {outageSeconds} s with {steadyRate} events/s arriving ({outage:N0} events): backlog sent " +
    $"{(outageEmails.Max(m => m.ReceivedAt) - backAt).TotalSeconds:F1} s after SES was back; SMS meanwhile p50 {Measurements.Percentile(outageSms, 0.5):F0} ms, " +
    $"p99 {Measurements.Percentile(outageSms, 0.99):F0} ms; emails sent twice: {outageEmails.Count - outageEmails.Select(m => m.To[0]).Distinct().Count()}");
Console.WriteLine($"worker memory after the outage: {await MemoryAsync()}");

// 5. The crash window: the ledger row's write time against the moment the endpoint accepted the message.
await using (var ledger = NpgsqlDataSource.Create((await app.GetConnectionStringAsync("notifications"))!))
{
    var accepted = aws.Messages.ToDictionary(m => (eventOf[m.To[0]], m.Service), m => m.ReceivedAt);
    await using var command = ledger.CreateCommand("SELECT event_id, channel, completed_at FROM notification_delivery WHERE status = 'sent'");
    await using var reader = await command.ExecuteReaderAsync();
    var windows = new List<double>();
    while (await reader.ReadAsync())
    {
        if (accepted.TryGetValue((reader.GetString(0), reader.GetString(1) == "email" ? "ses" : "sns"), out var at))
        {
            windows.Add((reader.GetFieldValue<DateTimeOffset>(2) - at).TotalMilliseconds);
        }
    }

    windows.Sort();
    Console.WriteLine($"crash window (provider accepted → ledger row written), {windows.Count:N0} messages: p50 {Measurements.Percentile(windows, 0.5):F1} ms, " +
        $"p99 {Measurements.Percentile(windows, 0.99):F1} ms, max {windows[^1]:F1} ms");
}

// Paced by the clock, not by sleeping a fixed time after each send.
async Task ProduceSteadilyAsync(string phase, int count)
{
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        var due = TimeSpan.FromSeconds((double)i / steadyRate);
        if (due > clock.Elapsed)
        {
            await Task.Delay(due - clock.Elapsed);
        }

        producedAt[$"{phase}-{i}"] = DateTimeOffset.UtcNow;
        producer.Produce(Topic, Event(phase, i));
    }

    producer.Flush();
}

// Produce → accepted of one phase's emails (or SMS), sorted, in milliseconds.
List<double> Latencies(string phase, string service = "ses") => aws.Messages
    .Where(m => m.Service == service && eventOf[m.To[0]].StartsWith(phase, StringComparison.Ordinal))
    .Select(m => (m.ReceivedAt - producedAt[eventOf[m.To[0]]]).TotalMilliseconds).Order().ToList();

Message<string, byte[]> Event(string phase, int i)
{
    var id = $"{phase}-{i}";
    // A phone number per event (phases apart by a million), so that each SMS can be traced back to its event too.
    var phone = $"+1555{(Array.IndexOf(phases, phase) * 1_000_000) + i:D7}";
    eventOf[$"{id}@example.org"] = id;
    eventOf[phone] = id;
    var json = new JsonObject
    {
        ["specversion"] = "1.0",
        ["id"] = id,
        ["type"] = "commerce.order.created.v1",
        ["source"] = "/benchmark",
        ["datacontenttype"] = "application/json",
        ["data"] = new JsonObject
        {
            ["orderId"] = i,
            ["orderNumber"] = $"B{i}",
            ["currency"] = "USD",
            ["subtotal"] = 20m,
            ["tax"] = 1.4m,
            ["shipping"] = 5m,
            ["total"] = 26.4m,
            ["submittedAt"] = "2026-11-27T10:00:00Z",
            ["lines"] = new JsonArray(new JsonObject { ["sku"] = "SKU-1", ["name"] = "Hot Sauce", ["quantity"] = 2, ["unitPrice"] = 10m }),
            ["customer"] = new JsonObject
            {
                ["customerId"] = i,
                ["email"] = $"{phase}-{i}@example.org",
                ["phone"] = phone,
                ["firstName"] = "Ada",
                ["locale"] = "en",
            },
        },
    }.ToJsonString();
    return new Message<string, byte[]> { Key = id, Value = Encoding.UTF8.GetBytes(json) };
}

static async Task WaitForAsync(Func<bool> done, TimeSpan limit)
{
    var deadline = Stopwatch.StartNew();
    while (!done())
    {
        if (deadline.Elapsed > limit)
        {
            throw new TimeoutException($"Not done within {limit}.");
        }

        await Task.Delay(100);
    }
}

// The highest working set and GC heap seen, sampled every 200 ms while the condition holds (which is polled as often).
async Task<MemorySample> MemoryPeakWhileAsync(Func<bool> busy, TimeSpan limit)
{
    using var http = app.CreateHttpClient("notifications-worker", "http");
    var deadline = Stopwatch.StartNew();
    var peak = new MemorySample(0, 0);
    while (busy())
    {
        if (deadline.Elapsed > limit)
        {
            throw new TimeoutException($"Not done within {limit}.");
        }

        var sample = await Measurements.SampleMemoryAsync(http);
        peak = new MemorySample(Math.Max(peak.WorkingSetMiB, sample.WorkingSetMiB), Math.Max(peak.GcHeapMiB, sample.GcHeapMiB));
        await Task.Delay(200);
    }

    return peak;
}

async Task<string> MemoryAsync()
{
    using var http = app.CreateHttpClient("notifications-worker", "http");
    return await Measurements.MemoryAsync(http);
}
