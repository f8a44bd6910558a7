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

// Notifications benchmark (see README, "Notifications performance"): boots the AppHost in local mode, warms the worker
// up with 1,000 events, then
// 1. a steady rate (default 100 events/s for 30 s): latency from produce to the local SES endpoint accepting the email;
// 2. a burst (default 50,000 events): sustained throughput, events (each an email and an SMS) per second end to end;
// 3. the raw consume rate of the same messages by a plain consumer group, to state the worker's cost as a ratio;
// and the worker's memory after each phase.
var burst = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
var steadyRate = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
var steadySeconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
const string Topic = "commerce.orders";

var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Infrastructure:Mode=local"]);
builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));

await using var app = await builder.BuildAsync();
using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(5));
await app.StartAsync(startup.Token);
await app.ResourceNotifications.WaitForResourceHealthyAsync("notifications-worker", startup.Token);
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
var producedAt = new DateTimeOffset[steady];
var clock = Stopwatch.StartNew();
for (var i = 0; i < steady; i++)
{
    // Paced by the clock, not by sleeping a fixed time after each send.
    var due = TimeSpan.FromSeconds((double)i / steadyRate);
    if (due > clock.Elapsed)
    {
        await Task.Delay(due - clock.Elapsed);
    }

    producedAt[i] = DateTimeOffset.UtcNow;
    producer.Produce(Topic, Event("steady", i));
}

producer.Flush();
await WaitForAsync(() => aws.Messages.Count >= 2 * (WarmUp + steady), TimeSpan.FromMinutes(5));
var latencies = aws.Messages.Where(m => m.Service == "ses" && m.To[0].StartsWith("steady-", StringComparison.Ordinal))
    .Select(m => (m.ReceivedAt - producedAt[Index(m.To[0])]).TotalMilliseconds).Order().ToList();
Console.WriteLine($"steady {steadyRate} events/s for {steadySeconds} s ({steady:N0} events, {2 * steady:N0} messages): " +
    $"produce → SES accepted p50 {Measurements.Percentile(latencies, 0.50):F0} ms, p99 {Measurements.Percentile(latencies, 0.99):F0} ms, max {latencies[^1]:F0} ms");
Console.WriteLine($"worker memory after the steady phase: {await MemoryAsync()}");

// 2. Burst.
var before = aws.Messages.Count;
clock.Restart();
for (var i = 0; i < burst; i++)
{
    producer.Produce(Topic, Event("burst", i));
}

producer.Flush();
var produceSeconds = clock.Elapsed.TotalSeconds;
await WaitForAsync(() => aws.Messages.Count >= before + 2 * burst, TimeSpan.FromMinutes(30));
var burstSeconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"burst of {burst:N0} events ({2 * burst:N0} messages): produced in {produceSeconds:F1} s, all accepted after {burstSeconds:F1} s: " +
    $"{burst / burstSeconds:F0} events/s ({2 * burst / burstSeconds:F0} messages/s) end to end");
Console.WriteLine($"worker memory after the burst: {await MemoryAsync()}");

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

static int Index(string recipient) => int.Parse(Regex.Match(recipient, @"-(\d+)@").Groups[1].Value, CultureInfo.InvariantCulture);

static Message<string, byte[]> Event(string phase, int i)
{
    var id = $"{phase}-{i}";
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
                ["phone"] = $"+1555{i:D7}",
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

async Task<string> MemoryAsync()
{
    using var http = app.CreateHttpClient("notifications-worker", "http");
    return await Measurements.MemoryAsync(http);
}
