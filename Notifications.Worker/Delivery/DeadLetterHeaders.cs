using Confluent.Kafka;

namespace Notifications.Worker.Delivery;

/// <summary>The headers a dead letter carries besides the original ones (see the AsyncAPI document).</summary>
public static class DeadLetterHeaders
{
    public const string Reason = "dlq-reason";
    public const string ReasonCode = "dlq-reason-code";
    public const string Channel = "dlq-channel";
    public const string DeviceId = "dlq-device-id";
    public const string EventId = "dlq-event-id";
    public const string EventType = "dlq-event-type";
    public const string Attempts = "dlq-attempts";
    public const string FirstFailure = "dlq-first-failure";
    public const string LastFailure = "dlq-last-failure";
    public const string OriginalTopic = "dlq-original-topic";
    public const string OriginalPartition = "dlq-original-partition";
    public const string OriginalOffset = "dlq-original-offset";

    public static readonly IReadOnlyList<string> All =
        [Reason, ReasonCode, Channel, DeviceId, EventId, EventType, Attempts, FirstFailure, LastFailure, OriginalTopic, OriginalPartition, OriginalOffset];

    /// <summary>On a replayed message: the only channel to send again (the others are left as the ledger has them).</summary>
    public const string ReplayChannel = "notifications-replay-channel";

    /// <summary>A message's headers as its producer wrote them: without the ones the worker adds (dead-letter and replay).</summary>
    public static Headers Original(Headers? headers)
    {
        var original = new Headers();
        foreach (var header in headers ?? [])
        {
            if (!All.Contains(header.Key) && header.Key != ReplayChannel)
            {
                original.Add(header.Key, header.GetValueBytes());
            }
        }

        return original;
    }
}

/// <summary>Why a dead letter was written: the <c>dlq-reason-code</c> values.</summary>
public static class DeadLetterReasons
{
    public const string Malformed = "malformed";
    public const string UnknownType = "unknown-type";
    public const string InvalidPayload = "invalid-payload";
    public const string Template = "template";
    public const string Rejected = "rejected";
    public const string RetriesExhausted = "retries-exhausted";
}
