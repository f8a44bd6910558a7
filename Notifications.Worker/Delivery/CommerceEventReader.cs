using Notifications.Worker.Events;
using ServiceDefaults.Events;

namespace Notifications.Worker.Delivery;

/// <summary>An event read from Kafka: its CloudEvents attributes and its typed payload.</summary>
public sealed record CommerceEvent(string Id, string Type, ICustomerEvent Payload);

/// <summary>
/// Reads a Kafka message value as a structured-mode CloudEvent and its <c>data</c> as the payload record of its type.
/// Anything else is a dead letter, with a reason that never quotes values.
/// </summary>
public static class CommerceEventReader
{
    /// <returns>The event, or the reason code and reason it cannot be sent (with its id and type when the envelope could be read).</returns>
    public static (CommerceEvent? Event, string? ReasonCode, string? Reason, string? Id, string? Type) Read(byte[]? value)
    {
        var (cloudEvent, problem) = StructuredCloudEvents.Decode(value);
        if (cloudEvent is null)
        {
            return (null, DeadLetterReasons.Malformed, problem, null, null);
        }

        var (id, type) = (cloudEvent.Id!, cloudEvent.Type!);
        if (!CommerceEvents.Payloads.TryGetValue(type, out var payloadType))
        {
            return (null, DeadLetterReasons.UnknownType, $"No notification is defined for event type '{type}'.", id, type);
        }

        var (payload, invalid) = StructuredCloudEvents.ReadData(cloudEvent, payloadType);
        return payload is ICustomerEvent customerEvent
            ? (new CommerceEvent(id, type, customerEvent), null, null, id, type)
            : (null, DeadLetterReasons.InvalidPayload, invalid, id, type);
    }
}
