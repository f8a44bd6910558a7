using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using ServiceDefaults.Kafka;

namespace Notifications.Worker.Delivery;

/// <summary>A dead letter as an operator sees it: where it came from and why it was not sent (no payload: it holds contact data).</summary>
public sealed record DeadLetterEntry(
    string? EventId, string? EventType, string Channel, string ReasonCode, string Reason, int Attempts, DateTimeOffset? LastFailure,
    string OriginalTopic, string? Key, string DeadLetterPosition);

/// <summary>Which dead letters: one event's, or those that last failed in a time range (both bounds optional).</summary>
public sealed record DeadLetterFilter(string? EventId, DateTimeOffset? From, DateTimeOffset? To)
{
    public bool Matches(ConsumeResult<string, byte[]> letter) =>
        (EventId is null || Header(letter, DeadLetterHeaders.EventId) == EventId)
        && (From is null || LastFailure(letter) >= From)
        && (To is null || LastFailure(letter) < To);

    public static string? Header(ConsumeResult<string, byte[]> letter, string name) =>
        letter.Message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    public static DateTimeOffset? LastFailure(ConsumeResult<string, byte[]> letter) =>
        DateTimeOffset.TryParse(Header(letter, DeadLetterHeaders.LastFailure), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;
}

/// <summary>
/// Reads the dead-letter topic (every partition, from the start to its end at the time of the call) and replays
/// dead letters: the original message back on its topic with the failed channel named, so that only that channel is
/// sent again and only if the ledger does not already have it sent.
/// </summary>
public sealed class DeadLetterArchive(KafkaConsumerFactory consumers, KafkaMessageProducer producer, IOptions<NotificationsOptions> options)
{
    private static readonly TimeSpan ReadBudget = TimeSpan.FromSeconds(20);

    public async Task<List<DeadLetterEntry>> ListAsync(DeadLetterFilter filter, CancellationToken ct) =>
        (await ReadAsync(filter, ct)).Select(Describe).ToList();

    public async Task<List<DeadLetterEntry>> ReplayAsync(DeadLetterFilter filter, CancellationToken ct)
    {
        var replayed = new List<DeadLetterEntry>();
        foreach (var letter in await ReadAsync(filter, ct))
        {
            var entry = Describe(letter);
            var headers = DeadLetterHeaders.Original(letter.Message.Headers);

            if (entry.Channel != DeliveryTarget.NoChannel)
            {
                headers.Add(DeadLetterHeaders.ReplayChannel, Encoding.UTF8.GetBytes(entry.Channel));
            }

            await producer.ProduceAsync(entry.OriginalTopic, new Message<string, byte[]> { Key = letter.Message.Key, Value = letter.Message.Value, Headers = headers }, ct);
            replayed.Add(entry);
        }

        return replayed;
    }

    private Task<List<ConsumeResult<string, byte[]>>> ReadAsync(DeadLetterFilter filter, CancellationToken ct) => Task.Run(() =>
    {
        using var consumer = consumers.Create($"{Extensions.Extensions.ConsumerGroup}-dead-letters");
        var topic = options.Value.DeadLetterTopic;
        var deadline = DateTime.UtcNow + ReadBudget;
        // Read up to where each partition ends now: dead letters written meanwhile are for the next call.
        var remaining = PartitionsOf(topic)
            .Select(p => (Partition: p, End: consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(5)).High.Value))
            .Where(p => p.End > 0)
            .ToDictionary(p => p.Partition, p => p.End);
        consumer.Assign(remaining.Keys.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var found = new List<ConsumeResult<string, byte[]>>();
        while (remaining.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The dead-letter topic could not be read to its end within {ReadBudget.TotalSeconds} s.");
            }

            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is not { Message: not null } letter)
            {
                continue;
            }

            if (filter.Matches(letter))
            {
                found.Add(letter);
            }

            if (letter.Offset.Value + 1 >= remaining.GetValueOrDefault(letter.Partition.Value, long.MaxValue))
            {
                remaining.Remove(letter.Partition.Value);
            }
        }

        return found;

        IEnumerable<int> PartitionsOf(string name)
        {
            using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
            return admin.GetMetadata(name, TimeSpan.FromSeconds(5)).Topics.Single().Partitions.Select(p => p.PartitionId).ToList();
        }
    }, ct);

    private static DeadLetterEntry Describe(ConsumeResult<string, byte[]> letter)
    {
        string? Header(string name) => DeadLetterFilter.Header(letter, name);
        return new DeadLetterEntry(Header(DeadLetterHeaders.EventId), Header(DeadLetterHeaders.EventType), Header(DeadLetterHeaders.Channel) ?? DeliveryTarget.NoChannel,
            Header(DeadLetterHeaders.ReasonCode) ?? "unknown", Header(DeadLetterHeaders.Reason) ?? "", int.TryParse(Header(DeadLetterHeaders.Attempts), out var a) ? a : 0,
            DeadLetterFilter.LastFailure(letter), Header(DeadLetterHeaders.OriginalTopic) ?? "", letter.Message.Key, letter.TopicPartitionOffset.ToString());
    }
}
