using System.Diagnostics;
using System.Text;
using Aspire.Hosting.Testing;
using AppHost.Infrastructure.Kafka;
using Confluent.Kafka;
using ServiceDefaults.Kafka;

namespace Platform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class KafkaTests(PlatformFixture platform)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AMessageProducedThroughTheServicesConnectionStringIsConsumedBackByAConsumerGroupWithItsTraceContext()
    {
        var bootstrap = await platform.App.GetConnectionStringAsync("kafka");
        var topic = "commerce.orders";
        var key = $"order-{Guid.NewGuid():N}";
        var group = $"test-{Guid.NewGuid():N}";
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == KafkaTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true }).Build();
        var delivery = await new KafkaMessageProducer(producer).ProduceAsync(topic,
            new Message<string, byte[]> { Key = key, Value = Encoding.UTF8.GetBytes("{\"orderId\":42}") }, CancellationToken.None);
        var producedTrace = delivery.Message.Headers.TryGetLastBytes("traceparent", out var traceparent)
            ? ActivityContext.Parse(Encoding.UTF8.GetString(traceparent), null).TraceId
            : throw new Xunit.Sdk.XunitException("The producer wrote no traceparent header.");

        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = group,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var received = ConsumeUntil(consumer, r => r.Message.Key == key);
        using (var consume = KafkaTelemetry.StartConsume(received, group))
        {
            Assert.NotNull(consume.Activity);
            Assert.Equal(producedTrace, consume.Activity.TraceId);
        }

        consumer.Commit(received);
        var committed = consumer.Committed([received.TopicPartition], TimeSpan.FromSeconds(10)).Single();

        Assert.Equal("{\"orderId\":42}", Encoding.UTF8.GetString(received.Message.Value));
        Assert.Equal(delivery.TopicPartitionOffset, received.TopicPartitionOffset);
        Assert.Equal(received.Offset + 1, committed.Offset);
    }

    [Fact]
    public async Task ThePlatformTopicsExistWithTheirPartitionCounts()
    {
        var bootstrap = await platform.App.GetConnectionStringAsync("kafka");
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));

        foreach (var topic in PlatformTopics.All)
        {
            var found = Assert.Single(metadata.Topics, t => t.Topic == topic.Name);
            Assert.Equal(topic.Partitions, found.Partitions.Count);
        }
    }

    /// <summary>Polls until the wanted message arrives or the deadline passes.</summary>
    private static ConsumeResult<string, byte[]> ConsumeUntil(IConsumer<string, byte[]> consumer, Func<ConsumeResult<string, byte[]>, bool> wanted)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Deadline)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(1)) is { } result && wanted(result))
            {
                return result;
            }
        }

        throw new TimeoutException($"The message was not consumed within {Deadline}.");
    }
}
