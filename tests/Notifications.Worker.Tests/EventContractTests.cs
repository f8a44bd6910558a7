using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using AppHost.Tests;
using Notifications.Worker.Delivery;
using Notifications.Worker.Events;

namespace Notifications.Worker.Tests;

/// <summary>docs/notifications.asyncapi.json is the contract: the C# records and constants must say the same.</summary>
public sealed class EventContractTests
{
    private static readonly JsonNode Document = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "notifications.asyncapi.json")))!;
    private static readonly JsonNode Schemas = Document["components"]!["schemas"]!;

    public static TheoryData<string> PayloadTypes => [.. CommerceEvents.Payloads.Values.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(PayloadTypes))]
    public void EachPayloadRecordHasTheDocumentedFieldsTypesAndRequiredOnes(string name)
    {
        var type = CommerceEvents.Payloads.Values.Single(t => t.Name == name);
        // The payload itself is never null: its nullable properties say so themselves.
        var generated = JsonSchemaExporter.GetJsonSchemaAsNode(ServiceDefaults.Events.StructuredCloudEvents.PayloadJson, type,
            new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });

        Assert.Equal(Shape(Schemas[name]!), Shape(generated));
    }

    [Fact]
    public void EachEventTypeIsAMessageOnItsTopic()
    {
        var messages = Document["components"]!["messages"]!.AsObject();
        foreach (var (eventType, payload) in CommerceEvents.Payloads)
        {
            var message = messages[payload.Name]!;
            Assert.Equal(eventType, message["title"]!.GetValue<string>());
            Assert.Equal(eventType, message["payload"]!["allOf"]![1]!["properties"]!["type"]!["const"]!.GetValue<string>());
        }

        var channels = Document["channels"]!.AsObject().ToDictionary(c => c.Value!["address"]!.GetValue<string>(), c => c.Value!["messages"]!.AsObject().Select(m => m.Key).ToList());
        Assert.Equal(["OrderCreated", "OrderShipped"], channels[CommerceEvents.OrdersTopic]);
        Assert.Equal(["PasswordResetRequested"], channels[CommerceEvents.CustomersTopic]);
        Assert.Equal(["DeadLetter"], channels[new NotificationsOptions().DeadLetterTopic]);
    }

    [Fact]
    public void TheDeadLetterHeadersAndReasonCodesAreTheDocumentedOnes()
    {
        var headers = Schemas["DeadLetterHeaders"]!["properties"]!.AsObject();

        Assert.Equal(headers.Select(h => h.Key).Order(), DeadLetterHeaders.All.Order());
        Assert.Equal(
            headers[DeadLetterHeaders.ReasonCode]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).Order(),
            typeof(DeadLetterReasons).GetFields().Select(f => (string)f.GetValue(null)!).Order());
    }

    /// <summary>What both sides must agree on, per property: JSON types, format, required, and the same for nested objects and items.</summary>
    private static string Shape(JsonNode schema) => Describe(schema, depth: 0);

    private static string Describe(JsonNode schema, int depth)
    {
        schema = Resolve(schema);
        var types = schema["type"] switch
        {
            JsonArray many => many.Select(t => t!.GetValue<string>()).Order().ToList(),
            JsonValue one => [one.GetValue<string>()],
            _ => [],
        };
        var text = $"{string.Join('|', types)}{(schema["format"] is { } format ? $" ({format.GetValue<string>()})" : "")}";
        if (schema["items"] is { } items)
        {
            text += $" of {Describe(items, depth + 1)}";
        }

        if (schema["properties"] is JsonObject properties)
        {
            var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
            var indent = new string(' ', 2 * (depth + 1));
            text += string.Concat(properties.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => $"\n{indent}{p.Key}{(required.Contains(p.Key) ? "*" : "")}: {Describe(p.Value!, depth + 1)}"));
        }

        return text;
    }

    private static JsonNode Resolve(JsonNode schema) =>
        schema["$ref"] is { } reference ? Schemas[reference.GetValue<string>().Split('/')[^1]]! : schema;
}
