using Confluent.Kafka;

namespace ServiceDefaults.Kafka;

/// <summary>Consumers with the service's Kafka settings (bootstrap servers, TLS, SASL...), for its group or for one-off reads.</summary>
public sealed class KafkaConsumerFactory(ConsumerConfig settings)
{
    /// <summary>
    /// A consumer in <paramref name="groupId"/> that commits only when the application says so, and reports its lag
    /// (<c>platform.kafka.consumer.lag</c>) from librdkafka's statistics.
    /// </summary>
    public IConsumer<string, byte[]> Create(string groupId) => new ConsumerBuilder<string, byte[]>(
        // A copy: a ConsumerConfig built from another shares its dictionary.
        new ConsumerConfig(settings.ToDictionary(s => s.Key, s => s.Value))
    {
        GroupId = groupId,
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        StatisticsIntervalMs = settings.StatisticsIntervalMs ?? 5_000,
    }).SetStatisticsHandler((_, statistics) => KafkaTelemetry.RecordStatistics(groupId, statistics)).Build();
}
