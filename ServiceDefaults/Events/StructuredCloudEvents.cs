using System.Net.Mime;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace ServiceDefaults.Events;

/// <summary>
/// The platform's event envelope: a CloudEvents 1.0 JSON document (structured mode) as the Kafka message value, with a
/// camelCase JSON payload in <c>data</c>. Problems are described without quoting values (they may hold contact data).
/// </summary>
public static class StructuredCloudEvents
{
    private static readonly JsonEventFormatter Formatter = new();
    private static readonly ContentType StructuredJson = new("application/cloudevents+json; charset=utf-8");

    /// <summary>
    /// camelCase, and strict: a missing required field, a null where none is allowed or a number sent as a string is an
    /// invalid payload (the contract's types are the ones read).
    /// </summary>
    public static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
        // Set explicitly so that contract tests can export schemas from these very options once they are in use.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <returns>The envelope, or why the value is not one.</returns>
    public static (CloudEvent? Event, string? Problem) Decode(byte[]? value)
    {
        try
        {
            return (Formatter.DecodeStructuredModeMessage(value ?? [], StructuredJson, extensionAttributes: null), null);
        }
        catch (Exception e) when (e is ArgumentException or JsonException or InvalidOperationException or FormatException)
        {
            return (null, $"Not a CloudEvents 1.0 JSON envelope ({e.GetType().Name}).");
        }
    }

    /// <returns>The event's <c>data</c> as <paramref name="payloadType"/>, or why it cannot be read.</returns>
    public static (object? Payload, string? Problem) ReadData(CloudEvent cloudEvent, Type payloadType)
    {
        try
        {
            return cloudEvent.Data is JsonElement data && data.Deserialize(payloadType, PayloadJson) is { } payload
                ? (payload, null)
                : (null, "The event has no JSON data.");
        }
        catch (JsonException e)
        {
            // System.Text.Json names the field and what was wrong, never the value.
            return (null, $"Invalid {cloudEvent.Type} data at {e.Path ?? "$"}: {e.Message}");
        }
    }
}
