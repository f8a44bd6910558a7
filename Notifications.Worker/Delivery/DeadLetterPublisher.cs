using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using ServiceDefaults.Kafka;

namespace Notifications.Worker.Delivery;

/// <summary>Writes the original message (key, value and headers unchanged) to the dead-letter topic with the reason.</summary>
public sealed class DeadLetterPublisher(KafkaMessageProducer producer, IOptions<NotificationsOptions> options)
{
    public async Task PublishAsync(ConsumeResult<string, byte[]> original, DeadLetter letter, CancellationToken ct)
    {
        var headers = DeadLetterHeaders.Original(original.Message.Headers);

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                headers.Add(name, Encoding.UTF8.GetBytes(value));
            }
        }

        Add(DeadLetterHeaders.Reason, letter.Reason);
        Add(DeadLetterHeaders.ReasonCode, letter.ReasonCode);
        Add(DeadLetterHeaders.Channel, letter.Target?.ChannelName ?? DeliveryTarget.NoChannel);
        Add(DeadLetterHeaders.DeviceId, letter.Target?.DeviceId is { Length: > 0 } deviceId ? deviceId : null);
        Add(DeadLetterHeaders.EventId, letter.EventId);
        Add(DeadLetterHeaders.EventType, letter.EventType);
        Add(DeadLetterHeaders.Attempts, letter.Attempts.ToString(CultureInfo.InvariantCulture));
        Add(DeadLetterHeaders.FirstFailure, letter.FirstFailure.ToString("O", CultureInfo.InvariantCulture));
        Add(DeadLetterHeaders.LastFailure, letter.LastFailure.ToString("O", CultureInfo.InvariantCulture));
        Add(DeadLetterHeaders.OriginalTopic, original.Topic);
        Add(DeadLetterHeaders.OriginalPartition, original.Partition.Value.ToString(CultureInfo.InvariantCulture));
        Add(DeadLetterHeaders.OriginalOffset, original.Offset.Value.ToString(CultureInfo.InvariantCulture));

        await producer.ProduceAsync(options.Value.DeadLetterTopic,
            new Message<string, byte[]> { Key = original.Message.Key, Value = original.Message.Value, Headers = headers }, ct);
    }
}
