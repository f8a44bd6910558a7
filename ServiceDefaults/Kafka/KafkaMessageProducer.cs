using Confluent.Kafka;

namespace ServiceDefaults.Kafka;

/// <summary>The platform's producer: every message gets a publish span, trace context headers and a metric.</summary>
public sealed class KafkaMessageProducer(IProducer<string, byte[]> producer)
{
    public async Task<DeliveryResult<string, byte[]>> ProduceAsync(string topic, Message<string, byte[]> message, CancellationToken ct)
    {
        message.Headers ??= [];
        using var activity = KafkaTelemetry.StartProduce(topic, message.Headers);
        try
        {
            var result = await producer.ProduceAsync(topic, message, ct).ConfigureAwait(false);
            activity?.SetTag("messaging.destination.partition.id", result.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity?.SetTag("messaging.kafka.offset", result.Offset.Value);
            KafkaTelemetry.RecordProduced(topic, succeeded: true);
            return result;
        }
        catch (ProduceException<string, byte[]> e)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Error.Reason);
            KafkaTelemetry.RecordProduced(topic, succeeded: false);
            throw;
        }
    }
}
