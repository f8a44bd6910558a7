using Notifications.Worker.Events;
using ServiceDefaults.Events;

namespace Notifications.Worker.Delivery;

/// <summary>An event read from Kafka: its CloudEvents attributes and its typed payload.</summary>
public sealed record CommerceEvent(string Id, string Type, ICustomerEvent Payload);

/// <summary>What reading a message gave: a readable event, or a dead letter's reason.</summary>
public abstract record EventRead
{
    private EventRead()
    {
    }

    /// <summary>A known event type with a valid payload.</summary>
    public sealed record Readable(CommerceEvent Event) : EventRead;

    /// <summary>Not an event this worker can send: why (a code, and a reason that quotes no value), with its id and type when its envelope could be read.</summary>
    public sealed record Unreadable(string ReasonCode, string Reason, string? Id, string? Type) : EventRead;
}

/// <summary>
/// Reads a Kafka message value as a structured-mode CloudEvent and its <c>data</c> as the payload record of its type.
/// Anything else is a dead letter, with a reason that never quotes values.
/// </summary>
public static class CommerceEventReader
{
    public static EventRead Read(byte[]? value)
    {
        var (cloudEvent, problem) = StructuredCloudEvents.Decode(value);
        if (cloudEvent is null)
        {
            return new EventRead.Unreadable(DeadLetterReasons.Malformed, problem!, null, null);
        }

        var (id, type) = (cloudEvent.Id!, cloudEvent.Type!);
        if (!CommerceEvents.Payloads.TryGetValue(type, out var payloadType))
        {
            return new EventRead.Unreadable(DeadLetterReasons.UnknownType, $"No notification is defined for event type '{type}'.", id, type);
        }

        var (payload, invalid) = StructuredCloudEvents.ReadData(cloudEvent, payloadType);
        return payload is ICustomerEvent customerEvent
            ? new EventRead.Readable(new CommerceEvent(id, type, customerEvent))
            : new EventRead.Unreadable(DeadLetterReasons.InvalidPayload, invalid!, id, type);
    }
}
