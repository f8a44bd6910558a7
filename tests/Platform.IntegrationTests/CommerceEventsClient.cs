using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AppHost.Broadleaf;
using AppHost.Infrastructure.Aws;
using AppHost.Infrastructure.Fcm;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.IntegrationTests;

/// <summary>What Broadleaf's services would publish, written as JSON by hand (the wire format, not the worker's records).</summary>
internal static class CommerceEventsClient
{
    public const string OrdersTopic = "commerce.orders";
    public const string CustomersTopic = "commerce.customers";
    public const string DeadLetterTopic = "notifications.dead-letter";
    public const string Created = "commerce.order.created.v1";
    public const string Shipped = "commerce.order.shipped.v1";
    public const string PasswordReset = "commerce.customer.password-reset-requested.v1";

    /// <summary>A customer no other test uses: their email and phone identify this test's messages.</summary>
    public static JsonObject NewCustomer(string locale, bool withPhone = true)
    {
        var n = Random.Shared.NextInt64(1_000_000, 9_999_999);
        var customer = new JsonObject
        {
            ["customerId"] = n,
            ["email"] = $"customer-{n}@example.org",
            ["firstName"] = "Ada",
            ["lastName"] = "Lovelace",
            ["locale"] = locale,
        };
        if (withPhone)
        {
            customer["phone"] = $"+1555{n}";
        }

        return customer;
    }

    public static JsonObject OrderCreated(long orderId, JsonObject customer, decimal total) => new()
    {
        ["orderId"] = orderId,
        ["orderNumber"] = $"20261127{orderId}",
        ["customer"] = customer.DeepClone(),
        ["currency"] = "USD",
        ["subtotal"] = total - 10.5m,
        ["tax"] = 3.5m,
        ["shipping"] = 7m,
        ["total"] = total,
        ["lines"] = new JsonArray(new JsonObject { ["sku"] = "SKU-1", ["name"] = "Hot Sauce", ["quantity"] = 2, ["unitPrice"] = (total - 10.5m) / 2 }),
        ["submittedAt"] = "2026-11-27T10:00:00Z",
    };

    public static JsonObject OrderShipped(long orderId, JsonObject customer, string trackingNumber) => new()
    {
        ["orderId"] = orderId,
        ["orderNumber"] = $"20261127{orderId}",
        ["customer"] = customer.DeepClone(),
        ["carrier"] = "UPS",
        ["trackingNumber"] = trackingNumber,
        ["trackingUrl"] = $"https://tracking.example.com/{trackingNumber}",
        ["shippedAt"] = "2026-11-28T10:00:00Z",
    };

    public static JsonObject PasswordResetRequested(JsonObject customer) => new()
    {
        ["customer"] = customer.DeepClone(),
        ["resetUrl"] = "https://shop.example.com/reset?token=abc",
        ["expiresAt"] = "2026-11-27T11:00:00Z",
    };

    /// <summary>A CloudEvents 1.0 structured-mode envelope.</summary>
    public static string Envelope(string id, string type, JsonNode data) => new JsonObject
    {
        ["specversion"] = "1.0",
        ["id"] = id,
        ["type"] = type,
        ["source"] = "/broadleaf/order-service",
        ["time"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["datacontenttype"] = "application/json",
        ["data"] = data.DeepClone(),
    }.ToJsonString();

    /// <param name="traceParent">A W3C <c>traceparent</c> to send, as a traced producer would.</param>
    public static async Task<DeliveryResult<string, byte[]>> PublishAsync(this PlatformFixture platform, string topic, string key, string value,
        string? traceParent = null)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = await platform.App.GetConnectionStringAsync("kafka"),
            EnableIdempotence = true,
        }).Build();
        return await producer.ProduceAsync(topic, new Message<string, byte[]>
        {
            Key = key,
            Value = Encoding.UTF8.GetBytes(value),
            Headers = traceParent is null
                ? [new Header("content-type", "application/cloudevents+json; charset=utf-8"u8.ToArray())]
                : [new Header("content-type", "application/cloudevents+json; charset=utf-8"u8.ToArray()), new Header("traceparent", Encoding.UTF8.GetBytes(traceParent))],
        });
    }

    /// <summary>Many messages through one producer, flushed together: for bursts.</summary>
    public static async Task<List<DeliveryResult<string, byte[]>>> PublishManyAsync(
        this PlatformFixture platform, string topic, IEnumerable<(string Key, string Value)> messages)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = await platform.App.GetConnectionStringAsync("kafka"),
            EnableIdempotence = true,
            LingerMs = 5,
        }).Build();
        return [.. await Task.WhenAll(messages.Select(m => producer.ProduceAsync(topic, new Message<string, byte[]>
        {
            Key = m.Key,
            Value = Encoding.UTF8.GetBytes(m.Value),
            Headers = [new Header("content-type", "application/cloudevents+json; charset=utf-8"u8.ToArray())],
        })))];
    }

    /// <summary>Every dead letter written so far: the topic read from its start to where each partition ends now.</summary>
    public static async Task<List<ConsumeResult<string, byte[]>>> ReadDeadLettersAsync(this PlatformFixture platform, CancellationToken deadline)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = await platform.App.GetConnectionStringAsync("kafka"),
            GroupId = $"test-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
        }).Build();
        var ends = Enumerable.Range(0, 3)
            .Select(p => new TopicPartition(DeadLetterTopic, p))
            .ToDictionary(tp => tp.Partition.Value, tp => consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(5)).High.Value);
        consumer.Assign(ends.Where(e => e.Value > 0).Select(e => new TopicPartitionOffset(DeadLetterTopic, e.Key, Offset.Beginning)));
        var letters = new List<ConsumeResult<string, byte[]>>();
        while (letters.Count < ends.Values.Sum())
        {
            deadline.ThrowIfCancellationRequested();
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: not null } letter)
            {
                letters.Add(letter);
            }
        }

        return letters;
    }

    /// <summary>
    /// Returns once the consumer group (by default the worker's) has committed past every produced offset: then nothing is pending redelivery, and
    /// what was sent can be counted.
    /// </summary>
    public static async Task WaitForCommittedAsync(this PlatformFixture platform, IEnumerable<TopicPartitionOffset> produced, CancellationToken deadline,
        string group = "notifications-worker")
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = await platform.App.GetConnectionStringAsync("kafka") }).Build();
        var last = produced.GroupBy(p => p.TopicPartition).ToDictionary(g => g.Key, g => g.Max(p => p.Offset.Value));
        await Eventually.TrueAsync(async () =>
        {
            var committed = (await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, [.. last.Keys])]))
                .Single().Partitions.ToDictionary(p => p.TopicPartition, p => p.Offset.Value);
            return last.All(l => committed.GetValueOrDefault(l.Key, -1) > l.Value);
        }, $"{group} committed past every produced offset", deadline: deadline);
    }

    /// <summary>Runs one of the <c>kafka</c> resource's sample-event commands and returns what it published.</summary>
    public static async Task<SampleEventResult> SendSampleEventAsync(this PlatformFixture platform, string command)
    {
        var result = await platform.ExecuteCommandAsync("kafka", command);
        Assert.True(result.Success, result.Message);
        return JsonSerializer.Deserialize<SampleEventResult>(result.Data!.Value, JsonSerializerOptions.Web)!;
    }

    public static LocalAwsEndpoint Aws(this PlatformFixture platform) =>
        platform.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<LocalAwsResource>().Single().Endpoint!;

    public static LocalFcmEndpoint Fcm(this PlatformFixture platform) =>
        platform.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<LocalFcmResource>().Single().Endpoint!;

    /// <summary>The pushes accepted for the registration token <paramref name="token"/> once there are <paramref name="count"/> of them.</summary>
    public static Task<List<LocalFcmMessage>> WaitForPushesAsync(this LocalFcmEndpoint fcm, string token, int count, CancellationToken deadline) =>
        Eventually.ValueAsync(() => Task.FromResult(fcm.Messages.Where(m => m.Token == token).ToList()), pushes => pushes.Count >= count,
            $"{count} pushes to a device", deadline: deadline);

    /// <summary>The messages accepted for <paramref name="recipient"/> once there are <paramref name="count"/> of them.</summary>
    public static Task<List<LocalAwsMessage>> WaitForMessagesAsync(this LocalAwsEndpoint aws, string recipient, int count, CancellationToken deadline) =>
        Eventually.ValueAsync(() => Task.FromResult(aws.Messages.Where(m => m.To.Contains(recipient)).ToList()), messages => messages.Count >= count,
            $"{count} messages to a recipient", deadline: deadline);

    /// <summary>The first dead letter that matches, read from the start of the topic.</summary>
    public static async Task<ConsumeResult<string, byte[]>> WaitForDeadLetterAsync(
        this PlatformFixture platform, Func<ConsumeResult<string, byte[]>, bool> match, CancellationToken deadline)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = await platform.App.GetConnectionStringAsync("kafka"),
            GroupId = $"test-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(Enumerable.Range(0, 3).Select(p => new TopicPartitionOffset(DeadLetterTopic, p, Offset.Beginning)));
        while (true)
        {
            deadline.ThrowIfCancellationRequested();
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: not null } result && match(result))
            {
                return result;
            }
        }
    }

    /// <summary>A header's value; null when the message has none.</summary>
    public static string? Header(this ConsumeResult<string, byte[]> result, string name) =>
        result.Message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
