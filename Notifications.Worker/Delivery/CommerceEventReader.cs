using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Notifications.Worker.Events;

namespace Notifications.Worker.Delivery;

/// <summary>An event read from Kafka: its CloudEvents attributes and its typed payload.</summary>
public sealed record CommerceEvent(string Id, string Type, ICustomerEvent Payload);

/// <summary>
/// Reads a Kafka message value as a structured-mode CloudEvent (CloudNative.CloudEvents' JSON formatter) and its
/// <c>data</c> as the payload record of its type. Anything else is a dead letter, with a reason that never quotes values.
/// </summary>
public static class CommerceEventReader
{
    private static readonly JsonEventFormatter Formatter = new();
    private static readonly ContentType StructuredJson = new("application/cloudevents+json; charset=utf-8");

    /// <summary>
    /// camelCase, and strict: a missing required field, a null where none is allowed or a number sent as a string is an
    /// invalid payload (the contract's types are the ones read).
    /// </summary>
    public static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        // Set explicitly so that the contract test can export schemas from these very options once they are in use.
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <returns>The event, or the reason code and reason it cannot be sent (with its id and type when the envelope could be read).</returns>
    public static (CommerceEvent? Event, string? ReasonCode, string? Reason, string? Id, string? Type) Read(byte[]? value)
    {
        CloudEvent cloudEvent;
        try
        {
            cloudEvent = Formatter.DecodeStructuredModeMessage(value ?? [], StructuredJson, extensionAttributes: null);
        }
        catch (Exception e) when (e is ArgumentException or JsonException or InvalidOperationException or FormatException)
        {
            return (null, DeadLetterReasons.Malformed, $"Not a CloudEvents 1.0 JSON envelope ({e.GetType().Name}).", null, null);
        }

        var (id, type) = (cloudEvent.Id!, cloudEvent.Type!);
        if (!CommerceEvents.Payloads.TryGetValue(type, out var payloadType))
        {
            return (null, DeadLetterReasons.UnknownType, $"No notification is defined for event type '{type}'.", id, type);
        }

        try
        {
            var payload = cloudEvent.Data is JsonElement data ? data.Deserialize(payloadType, PayloadJson) as ICustomerEvent : null;
            return payload is null
                ? (null, DeadLetterReasons.InvalidPayload, "The event has no JSON data.", id, type)
                : (new CommerceEvent(id, type, payload), null, null, id, type);
        }
        catch (JsonException e)
        {
            // System.Text.Json names the field and what was wrong, never the value.
            return (null, DeadLetterReasons.InvalidPayload, $"Invalid {type} data at {e.Path ?? "$"}: {e.Message}", id, type);
        }
    }
}
